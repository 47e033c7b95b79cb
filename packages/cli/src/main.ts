import { Command } from 'commander';
import { registerAlertsCommand } from './commands/alerts.ts';
import { registerBillingCommands } from './commands/billing.ts';
import { registerCustomerCommands } from './commands/customers.ts';
import { registerCrossValidationCommand } from './commands/cv.ts';
import { registerDataCommands } from './commands/data.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerDeployCommand } from './commands/deploy.ts';
import { registerDoctorCommand } from './commands/doctor.ts';
import { registerEndpointCommands } from './commands/endpoints.ts';
import { registerEvalCommand } from './commands/eval.ts';
import { registerGenerateCommand } from './commands/generate.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerIntelligenceCommands } from './commands/intelligence.ts';
import { registerKeyCommands } from './commands/keys.ts';
import { registerModelCommands } from './commands/models.ts';
import { registerPartnerCommands } from './commands/partners.ts';
import { registerPayoutCommands } from './commands/payouts.ts';
import { registerPlanCommands } from './commands/plans.ts';
import { registerPredictCommand } from './commands/predict.ts';
import { registerProductCommands } from './commands/products.ts';
import { registerProgrammeCommands } from './commands/programme.ts';
import { registerProviderCommands } from './commands/providers.ts';
import { registerReferralCommands } from './commands/referrals.ts';
import { registerReportCommands } from './commands/report.ts';
import { registerRetrainCommands } from './commands/retrain.ts';
import { registerRunCommands } from './commands/runs.ts';
import { registerSearchCommand } from './commands/search.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerTemplatesCommand } from './commands/templates.ts';
import { registerTokenCommands } from './commands/tokens.ts';
import { registerTrainCommand } from './commands/train.ts';
import { registerUsageCommand } from './commands/usage.ts';
import { registerWholesaleCommands } from './commands/wholesale.ts';
import { reportError } from './workspace.ts';

/** Builds the `qudao` command line. */
export function buildProgram(): Command {
  const program = new Command('qudao')
    .description(
      'Qudao: data → train → evaluate → register → deploy → meter, sold through channel partners',
    )
    .version('0.1.0')
    .option('--home <dir>', 'workspace folder (default ./.qudao, or QUDAO_HOME)')
    .option('--json', 'print machine-readable JSON (the last line printed is one JSON document)')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: false });
  // One file per command group (`qudao <group>` is `commands/<group>.ts`), in help order.
  registerDemoCommand(program);
  registerDataCommands(program);
  registerTemplatesCommand(program);
  registerTrainCommand(program);
  registerRunCommands(program);
  registerSearchCommand(program);
  registerCrossValidationCommand(program);
  registerEvalCommand(program);
  registerModelCommands(program);
  registerDeployCommand(program);
  registerEndpointCommands(program);
  registerRetrainCommands(program);
  registerAlertsCommand(program);
  registerTokenCommands(program);
  registerPlanCommands(program);
  registerProductCommands(program);
  registerProviderCommands(program);
  registerPartnerCommands(program);
  registerCustomerCommands(program);
  registerKeyCommands(program);
  registerImportCommand(program);
  registerUsageCommand(program);
  registerBillingCommands(program);
  registerPayoutCommands(program);
  registerProgrammeCommands(program);
  registerReferralCommands(program);
  registerWholesaleCommands(program);
  registerReportCommands(program);
  registerIntelligenceCommands(program);
  registerServeCommand(program);
  registerPredictCommand(program);
  registerGenerateCommand(program);
  registerDoctorCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv);
  } catch (error) {
    reportError(error, json);
  }
}

import { Command } from 'commander';
import { registerBillingCommands } from './commands/billing.ts';
import { registerChannelCommands } from './commands/channels.ts';
import { registerDataCommands } from './commands/data.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerEvalCommand } from './commands/eval.ts';
import { registerModelCommands } from './commands/models.ts';
import { registerReportCommands } from './commands/report.ts';
import { registerRunCommands } from './commands/runs.ts';
import { registerServeCommands } from './commands/serve.ts';
import { registerTrainCommand } from './commands/train.ts';
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
  registerDemoCommand(program);
  registerDataCommands(program);
  registerTrainCommand(program);
  registerRunCommands(program);
  registerEvalCommand(program);
  registerModelCommands(program);
  registerChannelCommands(program);
  registerBillingCommands(program);
  registerReportCommands(program);
  registerServeCommands(program);
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

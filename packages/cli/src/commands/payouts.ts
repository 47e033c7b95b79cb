import {
  billingSettings,
  createCreditNote,
  createPayoutRun,
  listPayoutRuns,
  partnerEarnings,
  payoutRunCsv,
  setBillingSettings,
} from '@qudao/server';
import type { Command } from 'commander';
import { printJson, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** `USD=5000,EUR=4000` → { USD: 5000, EUR: 4000 } */
function minimums(text: string | undefined): Record<string, number> {
  if (!text) return {};
  return Object.fromEntries(
    text.split(',').map((pair) => {
      const [currency, amount] = pair.split('=');
      return [currency!.trim().toUpperCase(), Number(amount)];
    }),
  );
}

export function registerPayoutCommands(program: Command): void {
  const payouts = program
    .command('payouts')
    .description('the commission lifecycle: holding period, credit notes, payout runs, earnings');
  payouts
    .command('settings')
    .description('show or set the holding period and the minimum payouts')
    .option('--holding-days <n>', 'days a commission line stays pending after its period')
    .option('--minimum <list>', 'minimum payout per currency, e.g. USD=5000,EUR=4000')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ holdingDays?: string; minimum?: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        if (opts.holdingDays === undefined && opts.minimum === undefined) {
          return printJson(await billingSettings(ctx));
        }
        const current = await billingSettings(ctx);
        printJson(
          await setBillingSettings(ctx, {
            holdingDays:
              opts.holdingDays === undefined ? current.holdingDays : Number(opts.holdingDays),
            minimumPayouts:
              opts.minimum === undefined ? current.minimumPayouts : minimums(opts.minimum),
          }),
        );
      });
    });
  payouts
    .command('credit')
    .description("refund or credit part of a customer invoice (claws back the partner's share)")
    .requiredOption('--invoice <id>', 'invoice id')
    .requiredOption('--amount <minor>', 'amount in minor units')
    .requiredOption('--reason <text>', 'why')
    .option('--kind <kind>', 'refund or credit', 'refund')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ invoice: string; amount: string; reason: string; kind: string }>(
        command,
      );
      await withWorkspace(opts, async (ctx) => {
        printJson(
          await createCreditNote(ctx, opts.invoice, {
            amountMinor: Number(opts.amount),
            reason: opts.reason,
            kind: opts.kind as 'refund' | 'credit',
          }),
        );
      });
    });
  payouts
    .command('run')
    .description('pay approved commission at or above the minimum; smaller balances carry over')
    .option('--partner <id>', 'an off-cycle payout of one partner (refused under the minimum)')
    .option('--shadow', 'only report the run')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ partner?: string; shadow?: boolean }>(command);
      await withWorkspace(opts, async (ctx) => {
        const run = await createPayoutRun(ctx, {
          ...(opts.partner ? { partnerId: opts.partner } : {}),
          shadow: !!opts.shadow,
        });
        if (opts.json) return printJson(run);
        console.log(`run ${run.id ?? '(shadow: nothing written)'} at ${run.at}`);
        printTable(
          run.items,
          [
            { header: 'partner', value: (i) => i.partnerId },
            { header: 'currency', value: (i) => i.currency },
            { header: 'status', value: (i) => i.status },
            { header: 'reason', value: (i) => i.reason ?? '' },
            { header: 'amount_minor', value: (i) => i.amountMinor, align: 'right' },
          ],
          opts,
        );
      });
    });
  payouts
    .command('list')
    .description('the payout runs made')
    .action(async (_o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => printJson(await listPayoutRuns(ctx)));
    });
  payouts
    .command('csv')
    .description("print a run's payout file (with the partners' decrypted payout details)")
    .requiredOption('--run <id>', 'payout run id')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ run: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        process.stdout.write(await payoutRunCsv(ctx, opts.run));
      });
    });
  payouts
    .command('earnings')
    .description("a partner's earned, pending, approved, paid and clawed-back commission")
    .requiredOption('--partner <id>', 'partner id')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ partner: string }>(command);
      await withWorkspace(opts, async (ctx) => printJson(await partnerEarnings(ctx, opts.partner)));
    });
}

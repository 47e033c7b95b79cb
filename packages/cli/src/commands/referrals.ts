import {
  createPartnerReferralCode,
  listPartnerReferralCodes,
  referralSettings,
  setReferralSettings,
} from '@qudao/server';
import type { Command } from 'commander';
import { printJson } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** `qudao referrals`: partners' codes and links, the attribution window and rule. */
export function registerReferralCommands(program: Command): void {
  const referrals = program.command('referrals').description('referral codes and attribution');
  referrals
    .command('code')
    .description('make a referral code (and link) for a partner')
    .requiredOption('--partner <id>', 'partner id')
    .option('--code <code>', 'the code (generated when left out)')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ partner: string; code?: string }>(command);
      await withWorkspace(opts, async (ctx) =>
        printJson(
          await createPartnerReferralCode(ctx, opts.partner, opts.code ? { code: opts.code } : {}),
        ),
      );
    });
  referrals
    .command('list')
    .description("a partner's referral codes")
    .requiredOption('--partner <id>', 'partner id')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ partner: string }>(command);
      await withWorkspace(opts, async (ctx) =>
        printJson(await listPartnerReferralCodes(ctx, opts.partner)),
      );
    });
  referrals
    .command('settings')
    .description('show or set the attribution window and rule')
    .option('--window <days>', 'days a touch counts before a sign-up')
    .option('--rule <rule>', 'first_touch or last_touch')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ window?: string; rule?: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        const current = await referralSettings(ctx);
        if (!opts.window && !opts.rule) return printJson(current);
        printJson(
          await setReferralSettings(ctx, {
            windowDays: opts.window ? Number(opts.window) : current.windowDays,
            rule: (opts.rule ?? current.rule) as 'first_touch' | 'last_touch',
          }),
        );
      });
    });
}

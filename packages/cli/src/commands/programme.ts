import { readFile } from 'node:fs/promises';
import {
  approveApplication,
  listApplications,
  listTierReviews,
  publishProgrammeTerms,
  rejectApplication,
  requestInfo,
  setTierRules,
  tierProgress,
  tierRules,
} from '@qudao/server';
import type { Command } from 'commander';
import { printJson, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** `qudao programme`: onboarding review, versioned terms, tier rules and reviews. */
export function registerProgrammeCommands(program: Command): void {
  const programme = program
    .command('programme')
    .description('the partner programme: applications, terms, tier rules');
  programme
    .command('applications')
    .description('the applications to review')
    .action(async (_o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const rows = await listApplications(ctx);
        printTable(
          rows,
          [
            { header: 'id', value: (a) => a.id },
            { header: 'company', value: (a) => a.company },
            { header: 'model', value: (a) => a.model },
            { header: 'status', value: (a) => a.status },
            { header: 'partner', value: (a) => a.partnerId },
          ],
          opts,
        );
      });
    });
  for (const [name, what] of [
    ['approve', 'approve an application (the partner is created)'],
    ['reject', 'reject an application'],
    ['ask', 'ask the applicant for more information'],
  ] as const) {
    programme
      .command(`${name} <applicationId>`)
      .description(what)
      .option('--reason <text>', 'the reason (approve, reject)')
      .option('--tier <tier>', 'the partner tier on approval', 'registered')
      .option('--question <text>', 'what to ask (ask)')
      .action(async (applicationId: string, _o, command: Command) => {
        const opts = optionsOf<{ reason?: string; tier: string; question?: string }>(command);
        await withWorkspace(opts, async (ctx) => {
          const decision = { ...(opts.reason ? { reason: opts.reason } : {}), tier: opts.tier };
          printJson(
            name === 'approve'
              ? await approveApplication(ctx, applicationId, decision)
              : name === 'reject'
                ? await rejectApplication(ctx, applicationId, decision)
                : await requestInfo(ctx, applicationId, { question: opts.question ?? '' }),
          );
        });
      });
  }
  programme
    .command('terms')
    .description('publish a new version of the programme terms')
    .requiredOption('--version <v>', 'the version, e.g. 2030-01')
    .requiredOption('--file <path>', 'the terms text')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ version: string; file: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        const text = await readFile(opts.file, 'utf8');
        printJson(await publishProgrammeTerms(ctx, { version: opts.version, text }));
      });
    });
  programme
    .command('tier-rules')
    .description('show the tier rules, or set them from a JSON file')
    .option('--file <path>', 'a TierRules JSON document')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ file?: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        if (!opts.file) return printJson(await tierRules(ctx));
        printJson(await setTierRules(ctx, JSON.parse(await readFile(opts.file, 'utf8'))));
      });
    });
  programme
    .command('tier-reviews')
    .description('the tier reviews made at each period close')
    .action(async (_o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        printTable(
          await listTierReviews(ctx),
          [
            { header: 'period', value: (r) => r.periodId },
            { header: 'partner', value: (r) => r.partnerId },
            { header: 'action', value: (r) => r.action },
            { header: 'before', value: (r) => r.tierBefore },
            { header: 'after', value: (r) => r.tierAfter },
          ],
          opts,
        );
      });
    });
  programme
    .command('progress')
    .description("a partner's progress to its next tier")
    .requiredOption('--partner <id>', 'partner id')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ partner: string }>(command);
      await withWorkspace(opts, async (ctx) => printJson(await tierProgress(ctx, opts.partner)));
    });
}

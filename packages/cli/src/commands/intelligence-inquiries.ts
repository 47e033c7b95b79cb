import { correctInquiry, listInquiries, submitInquiry } from '@qudao/server';
import type { Command } from 'commander';
import { percent, printJson, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

const int = (v: string) => Number.parseInt(v, 10);

/** `qudao intelligence inquiries list|send|correct`: routed inquiries and people's corrections. */
export function registerInquiryCommands(intel: Command) {
  const inquiries = intel.command('inquiries').description('routed inquiries and complaints');
  inquiries
    .command('list')
    .description('the latest inquiries with their class, confidence and route')
    .option('--status <status>', 'routed, needs_review, corrected or closed')
    .option('--limit <n>', 'rows', int, 20)
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ status?: string; limit: number }>(command);
      await withWorkspace(opts, async (ctx) => {
        const rows = await listInquiries(ctx, { status: opts.status, limit: opts.limit });
        printTable(
          rows,
          [
            { header: 'ID', value: (q) => q.id },
            { header: 'LANG', value: (q) => q.language },
            { header: 'CLASS', value: (q) => q.finalCategory ?? q.category },
            {
              header: 'CONF',
              value: (q) => (q.confidence === null ? '–' : percent(q.confidence)),
              align: 'right',
            },
            { header: 'ROUTE', value: (q) => q.route },
            { header: 'BY', value: (q) => q.modelVersion ?? 'people' },
            { header: 'TEXT', value: (q) => q.text.slice(0, 50) },
          ],
          opts,
        );
      });
    });
  inquiries
    .command('send <text>')
    .description('classify and route an inquiry for a customer')
    .requiredOption('--customer <id>', 'whose inquiry it is')
    .action(async (text: string, _o, command: Command) => {
      const opts = optionsOf<{ customer: string }>(command);
      await withWorkspace(opts, async (ctx) => {
        const q = await submitInquiry(ctx, { text, customerId: opts.customer });
        if (opts.json) return printJson(q);
        console.log(
          `${q.id}: ${q.category} (${percent(q.confidence ?? 0)}) → ${q.route}${q.routedPartnerId ? ` ${q.routedPartnerId}` : ''}, by ${q.modelVersion}`,
        );
      });
    });
  inquiries
    .command('correct <id> <category>')
    .description('a person’s class for an inquiry (joins the next training set)')
    .action(async (id: string, category: string, _o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const q = await correctInquiry(ctx, id, { category: category as 'billing' });
        if (opts.json) return printJson(q);
        console.log(`${q.id}: ${q.finalCategory} → ${q.route}`);
      });
    });
}

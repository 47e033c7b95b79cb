import {
  clearShadow,
  driftReport,
  endpointHistory,
  endpointLive,
  promote,
  rollback,
  setCanary,
  setShadow,
} from '@qudao/server';
import type { Command } from 'commander';
import { formatCell, percent, printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

/** In-process commands act as the workspace owner. */
const ACTOR = 'owner';

type EndpointView = Awaited<ReturnType<typeof setCanary>>;

/** `2` is a version, `canary` an alias. */
function target(ref: string): { version: number } | { alias: string } {
  return /^\d+$/.test(ref) ? { version: Number(ref) } : { alias: ref };
}

function arm(a: EndpointView['traffic']['canary']) {
  if (!a) return null;
  return `${a.model}@${a.alias ?? a.version} (v${a.version ?? '?'}) on ${a.percent}%`;
}

function printEndpoint(endpoint: EndpointView, opts: { json?: boolean }) {
  printRecord(
    {
      endpoint: endpoint.name,
      serves: `${endpoint.model}@${endpoint.version}`,
      alias: endpoint.traffic.alias,
      canary: arm(endpoint.traffic.canary),
      shadow: arm(endpoint.traffic.shadow),
      status: endpoint.status,
    },
    opts,
    endpoint,
  );
}

/** `qudao endpoints canary|shadow|promote|rollback|history|live|drift`: traffic and its watch. */
export function registerEndpointTrafficCommands(endpoints: Command): void {
  endpoints
    .command('canary <name> <version-or-alias>')
    .description('send a share of the callers (each kept on its side) to another version or alias')
    .requiredOption('--percent <n>', 'share of callers, 0-100', Number)
    .addHelpText('after', '\nExample:\n  qudao endpoints canary mnist 2 --percent 10')
    .action(async (name: string, ref: string, _o, command: Command) => {
      const opts = optionsOf<{ percent: number }>(command);
      await withWorkspace(opts, async (ctx) =>
        printEndpoint(
          await setCanary(ctx, name, { ...target(ref), percent: opts.percent }, ACTOR),
          opts,
        ),
      );
    });
  endpoints
    .command('shadow <name> [version-or-alias]')
    .description('also run calls on a shadow version: answers logged and compared, never returned')
    .option('--model <model>', 'a version of another model (default: the endpoint’s)')
    .option('--percent <n>', 'share of calls, 0-100 (default 100)', Number)
    .option('--off', 'stop the shadow')
    .addHelpText(
      'after',
      '\nExamples:\n  qudao endpoints shadow mnist 3\n  qudao endpoints shadow mnist --off',
    )
    .action(async (name: string, ref: string | undefined, _o, command: Command) => {
      const opts = optionsOf<{ model?: string; percent?: number; off?: boolean }>(command);
      await withWorkspace(opts, async (ctx) => {
        if (opts.off || !ref) return printEndpoint(await clearShadow(ctx, name, ACTOR), opts);
        const input = { ...target(ref), model: opts.model, percent: opts.percent };
        printEndpoint(await setShadow(ctx, name, input, ACTOR), opts);
      });
    });
  for (const [action, run, what] of [
    ['promote', promote, 'make the canary the endpoint’s version (moves its alias, or re-pins it)'],
    ['rollback', rollback, 'end the canary, or undo the last promotion when none runs'],
  ] as const) {
    endpoints
      .command(`${action} <name>`)
      .description(what)
      .option('--reason <text>', 'kept in the history')
      .action(async (name: string, _o, command: Command) => {
        const opts = optionsOf<{ reason?: string }>(command);
        await withWorkspace(opts, async (ctx) =>
          printEndpoint(await run(ctx, name, { reason: opts.reason }, ACTOR), opts),
        );
      });
  }
  endpoints
    .command('history <name>')
    .description('who changed the endpoint’s traffic, when, and how')
    .action(async (name: string, _o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) =>
        printTable(
          await endpointHistory(ctx, name),
          [
            { header: 'AT', value: (e) => e.at },
            { header: 'ACTION', value: (e) => e.action },
            { header: 'BY', value: (e) => e.actor },
            { header: 'DETAIL', value: (e) => formatCell(e.detail) },
          ],
          opts,
        ),
      );
    });
  endpoints
    .command('live <name>')
    .description('calls, errors, latency and feedback accuracy of each version the endpoint runs')
    .option('--hours <n>', 'calls of the last hours (default 24)', Number)
    .option('--window <n>', 'accuracy over each version’s last n labels (default 500)', Number)
    .action(async (name: string, _o, command: Command) => {
      const opts = optionsOf<{ hours?: number; window?: number }>(command);
      await withWorkspace(opts, async (ctx) => {
        const live = await endpointLive(ctx, name, { hours: opts.hours, window: opts.window });
        printTable(
          live.versions,
          [
            { header: 'VERSION', value: (v) => `${v.model}@${v.version}` },
            { header: 'ARM', value: (v) => v.arm },
            { header: 'CALLS', value: (v) => v.calls, align: 'right' },
            { header: 'ERRORS', value: (v) => percent(v.errorRate), align: 'right' },
            { header: 'P95 MS', value: (v) => v.latencyP95?.toFixed(2) ?? null, align: 'right' },
            { header: 'LABELS', value: (v) => v.feedback, align: 'right' },
            { header: 'ACCURACY', value: (v) => percent(v.accuracy), align: 'right' },
            { header: 'AGREES', value: (v) => percent(v.agreement), align: 'right' },
          ],
          opts,
          live,
        );
      });
    });
  endpoints
    .command('drift <name>')
    .description('drift of the logged inputs and predictions against the training reference')
    .option('--window <n>', 'the newest n logged calls (default 500)', Number)
    .option('--check', 'record (and send) an alert if it drifted')
    .action(async (name: string, _o, command: Command) => {
      const opts = optionsOf<{ window?: number; check?: boolean }>(command);
      await withWorkspace(opts, async (ctx) => {
        const report = await driftReport(
          ctx,
          name,
          { window: opts.window },
          { record: opts.check },
        );
        if (!opts.json) console.log(report.message);
        printTable(
          [...report.columns, ...(report.prediction ? [report.prediction] : [])],
          [
            { header: 'COLUMN', value: (c) => c.column },
            { header: 'TEST', value: (c) => c.method },
            { header: 'SCORE', value: (c) => c.score.toFixed(4), align: 'right' },
            { header: 'THRESHOLD', value: (c) => c.threshold, align: 'right' },
            { header: 'DRIFTED', value: (c) => (c.drifted ? 'yes' : 'no') },
          ],
          opts,
          report,
        );
      });
    });
}

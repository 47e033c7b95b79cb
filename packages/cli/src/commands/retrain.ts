import {
  type AppContext,
  getRetrainPolicy,
  getUpgradeRun,
  listUpgradeRuns,
  setRetrainPolicy,
  startRetrain,
} from '@qudao/server';
import type { Command } from 'commander';
import { formatCell, printRecord, printTable } from '../output.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

type Run = Awaited<ReturnType<typeof getUpgradeRun>>;

/** Steps a run takes in this process (the training job runs here); the canary is judged by the server. */
const LOCAL = new Set(['dataset', 'training', 'evaluating']);

/** Follows a run until it leaves the steps this process does, printing each step once. */
async function follow(ctx: AppContext, id: string, json: boolean): Promise<Run> {
  let printed = 0;
  for (;;) {
    const run = await getUpgradeRun(ctx, id);
    if (!json) {
      for (const s of run.steps.slice(printed))
        console.log(`${s.at}  ${s.step.padEnd(10)}  ${formatCell(s.detail)}`);
    }
    printed = run.steps.length;
    if (!LOCAL.has(run.status)) return run;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function printRun(run: Run, opts: { json?: boolean }) {
  printRecord(
    {
      run: run.id,
      endpoint: run.endpoint,
      status: run.status,
      trigger: run.trigger,
      production: run.production ? `${run.production.model}@${run.production.version}` : null,
      candidate: run.candidate ? `${run.candidate.model}@${run.candidate.version}` : null,
      dataset: run.dataset ? `${run.dataset.name}@${run.dataset.version}` : null,
      error: run.error?.message ?? null,
    },
    opts,
    run,
  );
}

/** `qudao retrain <endpoint>`, `qudao retrain list|show|policy`: the upgrade loop. */
export function registerRetrainCommands(program: Command): void {
  const retrain = program
    .command('retrain')
    .argument('[endpoint]', 'the endpoint to retrain')
    .description(
      'retrain an endpoint’s model from its training data plus labelled feedback; a better one goes out as a canary and is promoted or rolled back by its numbers',
    )
    .option('--epochs <n>', 'change the production config’s epochs', Number)
    .option('--learning-rate <x>', 'change its learning rate', Number)
    .option(
      '--force',
      'deploy the candidate as a canary even if it is not better on the held-out set',
    )
    .option('--percent <n>', 'canary share of callers (default 20)', Number)
    .option('--min-requests <n>', 'canary calls before it is judged (default 200)', Number)
    .option(
      '--min-feedback <n>',
      'labels on canary answers before accuracy counts (default 20)',
      Number,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  qudao retrain mnist\n  qudao retrain mnist --epochs 10 --percent 10\n  qudao retrain list\n  qudao retrain show <run>',
    )
    .action(async (endpoint: string | undefined, _o, command: Command) => {
      const opts = optionsOf<{
        epochs?: number;
        learningRate?: number;
        force?: boolean;
        percent?: number;
        minRequests?: number;
        minFeedback?: number;
      }>(command);
      if (!endpoint) {
        command.help();
        return;
      }
      await withWorkspace(opts, async (ctx) => {
        const started = await startRetrain(
          ctx,
          endpoint,
          {
            training: { epochs: opts.epochs, learningRate: opts.learningRate },
            ...(opts.force ? { force: true } : {}),
            ...(opts.percent !== undefined ? { canaryPercent: opts.percent } : {}),
            ...(opts.minRequests !== undefined ? { minRequests: opts.minRequests } : {}),
            ...(opts.minFeedback !== undefined ? { minFeedback: opts.minFeedback } : {}),
          },
          'owner',
        );
        printRun(await follow(ctx, started.id, !!opts.json), opts);
      });
    });
  retrain
    .command('list')
    .description('runs of the upgrade loop, newest first')
    .option('--endpoint <name>', 'of one endpoint')
    .action(async (_o, command: Command) => {
      const opts = optionsOf<{ endpoint?: string }>(command);
      await withWorkspace(opts, async (ctx) =>
        printTable(
          await listUpgradeRuns(ctx, { endpoint: opts.endpoint }),
          [
            { header: 'RUN', value: (r) => r.id },
            { header: 'ENDPOINT', value: (r) => r.endpoint },
            { header: 'TRIGGER', value: (r) => r.trigger },
            { header: 'STATUS', value: (r) => r.status },
            { header: 'FROM', value: (r) => (r.production ? `v${r.production.version}` : null) },
            { header: 'TO', value: (r) => (r.candidate ? `v${r.candidate.version}` : null) },
            { header: 'STARTED', value: (r) => r.createdAt },
          ],
          opts,
        ),
      );
    });
  retrain
    .command('show <run>')
    .description('one run with every step')
    .action(async (id: string, _o, command: Command) => {
      const opts = optionsOf(command);
      await withWorkspace(opts, async (ctx) => {
        const run = await getUpgradeRun(ctx, id);
        if (opts.json) return printRecord({}, opts, run);
        printRun(run, opts);
        printTable(
          run.steps,
          [
            { header: 'AT', value: (s) => s.at },
            { header: 'STEP', value: (s) => s.step },
            { header: 'DETAIL', value: (s) => formatCell(s.detail) },
          ],
          opts,
        );
      });
    });
  retrain
    .command('policy <endpoint>')
    .description('show or set when the endpoint retrains by itself')
    .option('--every <hours>', 'retrain on a schedule, every this many hours', Number)
    .option('--no-schedule', 'no schedule')
    .option('--on-drift', 'retrain when a drift alert is raised')
    .option('--no-on-drift', 'do not retrain on drift')
    .action(async (endpoint: string, _o, command: Command) => {
      const opts = optionsOf<{ every?: number; schedule?: boolean; onDrift?: boolean }>(command);
      await withWorkspace(opts, async (ctx) => {
        const current = await getRetrainPolicy(ctx, endpoint);
        const changed =
          opts.every !== undefined || opts.schedule === false || opts.onDrift !== undefined;
        const policy = changed
          ? await setRetrainPolicy(
              ctx,
              endpoint,
              {
                scheduleHours:
                  opts.schedule === false ? null : (opts.every ?? current.scheduleHours),
                onDrift: opts.onDrift ?? current.onDrift,
                retrain: current.retrain,
              },
              'owner',
            )
          : current;
        printRecord(
          {
            endpoint: policy.endpoint,
            schedule: policy.scheduleHours === null ? 'none' : `every ${policy.scheduleHours} h`,
            nextRun: policy.nextRunAt,
            onDrift: policy.onDrift,
            canary: `${policy.retrain.canaryPercent}% for ${policy.retrain.minRequests} calls`,
          },
          opts,
          policy,
        );
      });
    });
}

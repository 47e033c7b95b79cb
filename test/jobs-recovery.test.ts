import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkpointEpochOf } from '@qudao/ml';
import {
  closeContext,
  createContext,
  getTrainingJob,
  importDataset,
  listRuns,
  listTrainingJobs,
  startTraining,
} from '@qudao/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * A `qudao train` process is killed with SIGKILL in the middle of its job. The job row still says
 * `running`, owned by a process that is gone; the next start of the workspace fails it as
 * `jobs.interrupted`, the run follows it, and the same run resumes from the epoch after its
 * last checkpoint.
 */
describe('a job whose process was killed', () => {
  let home: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'qudao-recovery-'));
    const ctx = await createContext({ home, logLevel: 'silent' });
    await importDataset(ctx, { name: 'iris', builtin: 'iris', testFraction: 0.2, seed: 1 });
    await closeContext(ctx);
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('is failed as jobs.interrupted at the next start, and its run can be resumed', async () => {
    child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'bin/qudao.js'),
        'train',
        '--data',
        'iris',
        '--model',
        'mlp',
        // The most epochs a config may ask for, one row a step: far more than the test waits.
        '--epochs',
        '1000',
        '--batch-size',
        '1',
        '--json',
        '--home',
        home,
      ],
      { cwd: ROOT, env: { ...process.env, QUDAO_LOG_LEVEL: 'silent' }, stdio: 'ignore' },
    );
    const exited = once(child, 'exit');
    // Watch the job from a second process's view of the workspace: opening it while the owner
    // lives must leave the job alone.
    const watcher = await createContext({ home, logLevel: 'silent' });
    let job: Awaited<ReturnType<typeof listTrainingJobs>>[number] | undefined;
    try {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        [job] = await listTrainingJobs(watcher);
        if (job?.status === 'running' && job.history.length >= 2) break;
        expect(child.exitCode, 'the training process exited early').toBeNull();
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await closeContext(watcher);
    }
    expect(job?.status).toBe('running');
    child.kill('SIGKILL');
    const [code, signal] = await exited;
    expect([code, signal]).toEqual([null, 'SIGKILL']);

    const ctx = await createContext({ home, logLevel: 'silent' });
    try {
      const failed = await getTrainingJob(ctx, job!.id);
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatchObject({
        code: 'jobs.interrupted',
        message: expect.stringContaining('stopped before it finished'),
      });
      expect(failed.finishedAt).not.toBeNull();
      const [run] = await listRuns(ctx, { jobId: job!.id });
      expect(run!.status).toBe('failed');
      expect(run!.error?.code).toBe('jobs.interrupted');
      expect(run!.epochs.length).toBeGreaterThanOrEqual(2);
      // The run kept the checkpoint of its last finished epoch; the same run goes on from it.
      await access(run!.checkpointPath!);
      const kept = (await checkpointEpochOf(run!.checkpointPath!))!;
      expect(kept).toBeGreaterThanOrEqual(1);
      const resumed = await startTraining(ctx, {
        dataset: 'iris',
        model: 'mlp',
        epochs: kept + 2,
        resumeRun: run!.id,
      });
      // The resume trains the run's own config (one row a step), to the asked total of epochs.
      expect(resumed.config).toMatchObject({ batchSize: 1, epochs: kept + 2, resumeRun: run!.id });
      const done = await ctx.jobs.waitFor(resumed.id);
      expect(done.error).toBeNull();
      expect((done.result as { runId: string }).runId).toBe(run!.id);
      const [after] = await listRuns(ctx, { jobId: resumed.id });
      expect(after!.id).toBe(run!.id);
      expect(after!.status).toBe('succeeded');
      expect(after!.epochs.map((e) => e.epoch)).toEqual(
        Array.from({ length: kept + 2 }, (_, i) => i + 1),
      );
      // The epochs before the checkpoint are the killed process's own, untouched.
      expect(after!.epochs.slice(0, kept)).toEqual(run!.epochs.slice(0, kept));
      // The job's own history has only the epochs it trained.
      expect(done.history.map((h) => (h as { epoch: number }).epoch)).toEqual([kept + 1, kept + 2]);
      expect(await listRuns(ctx)).toHaveLength(1);
    } finally {
      await closeContext(ctx);
    }
  });
});

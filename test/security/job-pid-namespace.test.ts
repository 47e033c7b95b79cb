import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeContext, createContext, importDataset, listTrainingJobs } from '@qudao/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PROBE = path.join(import.meta.dirname, 'job-owner-probe.ts');
// Each process below is PID 1 of its own PID namespace, as a server in a container is.
const AS_PID_1 = ['--pid', '--fork', '--mount-proc', '--kill-child'];

function unshareWorks(): boolean {
  const probe = spawnSync('unshare', [...AS_PID_1, 'sh', '-c', 'echo $$'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() === '1';
}

/** The pid, as this host sees it, of the first child of `parent` (unshare's forked PID 1). */
function childOf(parent: number): number | undefined {
  try {
    const text = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim();
    return text ? Number(text.split(' ')[0]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Security finding (issue #11, jobs): a server running as PID 1 of its PID namespace, killed
 * with -9 and restarted the same way, took its dead predecessor's job for its own (same host,
 * same pid), so the job stayed `running` for ever and cancel did nothing. Owners are now a
 * per-process instance id with a lease: the restarted PID 1 fails the job as jobs.interrupted.
 * Needs `unshare` as root (the container case itself); where it cannot run it fails with why,
 * instead of skipping, unless QUDAO_NO_UNSHARE=1 says the machine cannot have it.
 */
describe('a job of a server that is PID 1 of its namespace, killed with -9', () => {
  let home: string;
  let child: ChildProcess | undefined;
  const available = unshareWorks();

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'qudao-pidns-'));
    const ctx = await createContext({ home, logLevel: 'silent' });
    await importDataset(ctx, { name: 'iris', builtin: 'iris', testFraction: 0.2, seed: 1 });
    await closeContext(ctx);
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (home) await rm(home, { recursive: true, force: true });
  });

  it.skipIf(!available && process.env.QUDAO_NO_UNSHARE === '1')(
    'is failed as jobs.interrupted by the next PID 1, not left running',
    async () => {
      expect(available, 'unshare --pid --fork --mount-proc must run here (as root)').toBe(true);
      const env = { ...process.env, QUDAO_LOG_LEVEL: 'silent' };
      child = spawn(
        'unshare',
        [
          ...AS_PID_1,
          process.execPath,
          path.join(ROOT, 'bin/qudao.js'),
          'train',
          '--data',
          'iris',
          '--model',
          'mlp',
          '--epochs',
          '1000',
          '--batch-size',
          '1',
          '--json',
          '--home',
          home,
        ],
        { cwd: ROOT, env, stdio: 'ignore' },
      );
      const exited = once(child, 'exit');
      const watcher = await createContext({ home, logLevel: 'silent' });
      let job: Awaited<ReturnType<typeof listTrainingJobs>>[number] | undefined;
      try {
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline) {
          [job] = await listTrainingJobs(watcher);
          if (job?.status === 'running' && job.history.length >= 1) break;
          expect(child.exitCode, 'the training process exited early').toBeNull();
          await new Promise((r) => setTimeout(r, 100));
        }
      } finally {
        await closeContext(watcher);
      }
      expect(job?.status).toBe('running');
      const owner = childOf(child.pid!);
      expect(owner, 'unshare forked its PID 1').toBeGreaterThan(1);
      process.kill(owner!, 'SIGKILL');
      await exited;

      // Restarted the same way: the new process is PID 1 again, like the one that died.
      const out = execFileSync(
        'unshare',
        [...AS_PID_1, process.execPath, '--import', 'tsx', PROBE, home, job!.id],
        { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 },
      );
      const probe = JSON.parse(out.trim().split('\n').pop()!);
      expect(probe.pid).toBe(1);
      expect(probe.recovered.status).toBe('failed');
      expect(probe.recovered.error).toMatchObject({
        code: 'jobs.interrupted',
        message: expect.stringContaining('stopped before it finished'),
      });
      expect(probe.afterCancel.status).toBe('failed');
    },
    120_000,
  );
});

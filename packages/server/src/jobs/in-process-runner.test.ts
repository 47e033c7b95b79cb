import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Db, migrateToLatest, openSqlite } from '../db/database.ts';
import { InProcessJobQueue } from './in-process-runner.ts';
import { currentWorker } from './job-lease.ts';
import { defineQueue } from './queues.ts';

const echoQueue = defineQueue<{ doubled: number }>()(
  'test-echo',
  z.object({ n: z.number().int(), label: z.string().default('none') }),
);

declare module './queues.ts' {
  interface Queues {
    'test-echo': typeof echoQueue;
  }
}

describe('the in-process job runner', () => {
  let home: string;
  let db: Db;
  let jobs: InProcessJobQueue;

  beforeEach(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'qudao-jobs-'));
    db = openSqlite(path.join(home, 'qudao.db'));
    await migrateToLatest(db);
    jobs = new InProcessJobQueue(db);
  });

  afterEach(async () => {
    await jobs.close();
    await db.destroy();
    await rm(home, { recursive: true, force: true });
  });

  it('hands the handler the parsed payload and stores its result and last progress', async () => {
    const seen: unknown[] = [];
    jobs.register(echoQueue, async (payload, job) => {
      seen.push(payload);
      for (let i = 1; i <= 3; i++) job.progress({ step: i });
      return { doubled: payload.n * 2 };
    });
    const queued = await jobs.enqueue('test-echo', { n: 21, label: 'x' });
    const done = await jobs.waitFor(queued.id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ doubled: 42 });
    expect(done.progress).toEqual({ step: 3 });
    expect(seen).toEqual([{ n: 21, label: 'x' }]);
  });

  it('refuses a payload that does not fit the queue, and queues nothing', async () => {
    jobs.register(echoQueue, async (payload) => ({ doubled: payload.n * 2 }));
    await expect(
      jobs.enqueue('test-echo', { n: 1.5 } as unknown as { n: number; label: string }),
    ).rejects.toMatchObject({ code: 'jobs.bad_payload', status: 400 });
    expect(await jobs.list('test-echo')).toEqual([]);
  });

  it('refuses a queue that no domain registered in this process', async () => {
    await expect(jobs.enqueue('test-echo', { n: 1, label: 'x' })).rejects.toMatchObject({
      code: 'jobs.unknown_queue',
    });
  });

  it('fails a job whose stored payload no longer fits, without running the handler', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ran: number[] = [];
    jobs.register(echoQueue, async (payload) => {
      ran.push(payload.n);
      if (payload.n === 1) await gate;
      return { doubled: payload.n * 2 };
    });
    const first = await jobs.enqueue('test-echo', { n: 1, label: 'x' });
    const second = await jobs.enqueue('test-echo', { n: 2, label: 'x' });
    // While the first job holds the runner, the second's row is changed under it.
    await db
      .updateTable('jobs')
      .set({ payload_json: JSON.stringify({ n: 'two' }) })
      .where('id', '=', second.id)
      .execute();
    release();
    expect((await jobs.waitFor(first.id)).status).toBe('succeeded');
    const failed = await jobs.waitFor(second.id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('jobs.bad_payload');
    expect(failed.error?.message).toContain('n:');
    expect(ran).toEqual([1]);
  });

  it('fails the unfinished jobs of a dead process as jobs.interrupted, and only those', async () => {
    // A process that has exited: its pid names no live process any more.
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const fresh = new Date().toISOString();
    const stale = new Date(Date.now() - 120_000).toISOString();
    const row = (id: string, status: string, worker: string | null, heartbeat = fresh) => ({
      id,
      queue: 'test-echo',
      payload_json: '{"n":1,"label":"x"}',
      status,
      worker,
      heartbeat_at: heartbeat,
      progress_json: null,
      history_json: '[]',
      result_json: status === 'succeeded' ? '{"doubled":2}' : null,
      error_code: null,
      error_message: null,
      created_at: '2030-01-01T00:00:00.000Z',
      started_at: status === 'queued' ? null : '2030-01-01T00:00:01.000Z',
      finished_at: status === 'succeeded' ? '2030-01-01T00:00:02.000Z' : null,
    });
    await db
      .insertInto('jobs')
      .values([
        row('job_dead_running', 'running', `${hostname()}:${dead}:a1`),
        row('job_dead_queued', 'queued', `${hostname()}:${dead}:a1`),
        row('job_no_owner', 'running', null),
        // Our pid, another instance: the process that had this pid before us (PID 1 in a
        // container restarted after kill -9), in today's format and in the one before it.
        row('job_same_pid', 'running', `${hostname()}:${process.pid}:previous-life`),
        row('job_same_pid_legacy', 'running', `${hostname()}:${process.pid}`),
        row('job_alive', 'running', currentWorker()),
        row('job_other_host', 'running', `not-${hostname()}:${dead}:b2`),
        row('job_other_host_stale', 'running', `not-${hostname()}:${dead}:b2`, stale),
        row('job_dead_done', 'succeeded', `${hostname()}:${dead}:a1`),
      ])
      .execute();
    expect(await jobs.recover()).toBe(6);
    const status = async (id: string) => {
      const job = (await jobs.get(id))!;
      return [job.status, job.error?.code ?? null, job.finishedAt !== null];
    };
    const interrupted = ['failed', 'jobs.interrupted', true];
    expect(await status('job_dead_running')).toEqual(interrupted);
    expect(await status('job_dead_queued')).toEqual(interrupted);
    expect(await status('job_no_owner')).toEqual(interrupted);
    expect(await status('job_same_pid')).toEqual(interrupted);
    expect(await status('job_same_pid_legacy')).toEqual(interrupted);
    expect(await status('job_other_host_stale')).toEqual(interrupted);
    expect(await status('job_alive')).toEqual(['running', null, false]);
    expect(await status('job_other_host')).toEqual(['running', null, false]);
    expect(await status('job_dead_done')).toEqual(['succeeded', null, true]);
    expect((await jobs.get('job_dead_running'))!.error!.message).toMatch(
      /stopped before it finished/,
    );
    // A second start finds nothing more to recover.
    expect(await jobs.recover()).toBe(0);
  });

  it('cancels at once a running job whose owner is gone, though that owner had our pid', async () => {
    await db
      .insertInto('jobs')
      .values({
        id: 'job_stuck',
        queue: 'test-echo',
        payload_json: '{"n":1,"label":"x"}',
        status: 'running',
        worker: `${hostname()}:${process.pid}:previous-life`,
        heartbeat_at: new Date().toISOString(),
        history_json: '[]',
        created_at: '2030-01-01T00:00:00.000Z',
        started_at: '2030-01-01T00:00:01.000Z',
      })
      .execute();
    const cancelled = (await jobs.cancel('job_stuck'))!;
    expect([cancelled.status, cancelled.error?.code]).toEqual(['cancelled', 'jobs.cancelled']);
    expect(cancelled.finishedAt).not.toBeNull();
  });

  it("renews its jobs' lease and aborts a job another runner cancelled", async () => {
    const owner = new InProcessJobQueue(db, { heartbeatMs: 20 });
    const other = new InProcessJobQueue(db, { heartbeatMs: 20 });
    try {
      let started!: () => void;
      const running = new Promise<void>((resolve) => {
        started = resolve;
      });
      owner.register(echoQueue, async (_payload, job) => {
        started();
        await new Promise<void>((resolve) => job.signal.addEventListener('abort', () => resolve()));
        throw new Error('stopped');
      });
      const queued = await owner.enqueue('test-echo', { n: 1, label: 'x' });
      await running;
      const before = (await db
        .selectFrom('jobs')
        .select('heartbeat_at')
        .where('id', '=', queued.id)
        .executeTakeFirst())!.heartbeat_at!;
      await new Promise((r) => setTimeout(r, 100));
      const after = (await db
        .selectFrom('jobs')
        .select('heartbeat_at')
        .where('id', '=', queued.id)
        .executeTakeFirst())!.heartbeat_at!;
      expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
      // The other runner has no controller for it: it asks the owner, which aborts it.
      expect((await other.cancel(queued.id))!.status).toBe('running');
      const done = await owner.waitFor(queued.id);
      expect([done.status, done.error?.code]).toEqual(['cancelled', 'jobs.cancelled']);
    } finally {
      await owner.close();
      await other.close();
    }
  });
});

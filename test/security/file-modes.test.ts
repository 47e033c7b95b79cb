import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type AppContext,
  closeContext,
  createContext,
  importDataset,
  startServer,
  startTraining,
} from '@qudao/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [dir];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else out.push(full);
  }
  return out;
}

/**
 * Issue #11: qudao.db, its WAL and the logs were 0644 and the workspace 0755, so any local user
 * could read the data, the models and the log. Every file of a used workspace is 0600 and every
 * folder 0700.
 */
describe('workspace files are 0600 and folders 0700', () => {
  let root: string;
  let home: string;
  let ctx: AppContext;
  let modes: { file: string; mode: number; dir: boolean }[];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'qudao-modes-'));
    home = path.join(root, 'workspace'); // created by the server itself
    ctx = await createContext({ home, logLevel: 'info', replyValidation: 'strict' });
    await importDataset(ctx, { name: 'iris', builtin: 'iris' });
    const job = await startTraining(ctx, {
      dataset: 'iris',
      model: 'logistic-regression',
      epochs: 2,
      checkpoints: true,
    });
    expect((await ctx.jobs.waitFor(job.id)).status).toBe('succeeded');
    const server = await startServer(ctx, { port: 0, host: '127.0.0.1' });
    const res = await fetch(`${server.url}/api/v1/models`, {
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });
    expect(res.status).toBe(200);
    await server.app.close();
    // Stat while the database is open: the WAL and shared-memory files exist now.
    modes = await Promise.all(
      (await walk(home)).map(async (file) => {
        const info = await stat(file);
        return {
          file: path.relative(home, file) || '.',
          mode: info.mode & 0o777,
          dir: info.isDirectory(),
        };
      }),
    );
  });
  afterAll(async () => {
    await closeContext(ctx);
    await rm(root, { recursive: true, force: true });
  });

  it('covers the database, its WAL, the log, the token, data sets and models', () => {
    const names = modes.map((m) => m.file);
    for (const expected of ['.', 'qudao.db', 'qudao.db-wal', 'qudao.db-shm', 'owner-token']) {
      expect(names).toContain(expected);
    }
    expect(names).toContain(path.join('logs', 'server.log'));
    expect(names.some((n) => n.startsWith(`datasets${path.sep}`) && !n.endsWith('datasets'))).toBe(
      true,
    );
    expect(names.some((n) => n.startsWith(`models${path.sep}`) && n.endsWith('weights.bin'))).toBe(
      true,
    );
    expect(names).toContain('tmp');
  });

  it('has no file readable by others and no folder others may enter', () => {
    const wrong = modes
      .filter((m) => m.mode !== (m.dir ? 0o700 : 0o600))
      .map((m) => `${m.file} ${m.mode.toString(8)}`);
    expect(wrong).toEqual([]);
  });
});

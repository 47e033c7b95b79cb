import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeContext, createContext } from '../bootstrap.ts';
import type { AppContext } from '../context.ts';

/** A context over a fresh temporary workspace; `dispose` closes it and deletes the folder. */
export async function createTestContext(): Promise<AppContext & { dispose: () => Promise<void> }> {
  const home = await mkdtemp(path.join(tmpdir(), 'qudao-test-'));
  const ctx = await createContext({ home, logLevel: 'silent' });
  return Object.assign(ctx, {
    dispose: async () => {
      await closeContext(ctx);
      await rm(home, { recursive: true, force: true });
    },
  });
}

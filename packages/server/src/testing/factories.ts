import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeContext, createContext } from '../bootstrap.ts';
import type { AppContext } from '../context.ts';
import type { Clock } from '../shared/clock.ts';

export { ManualClock } from '../shared/clock.ts';

/**
 * A context over a fresh temporary workspace; `dispose` closes it and deletes the folder. Pass a
 * `ManualClock` to move time by hand (rate-limit refills, month ends) instead of sleeping.
 */
export async function createTestContext(
  options: { clock?: Clock } = {},
): Promise<AppContext & { dispose: () => Promise<void> }> {
  const home = await mkdtemp(path.join(tmpdir(), 'qudao-test-'));
  const ctx = await createContext({ home, logLevel: 'silent', replyValidation: 'strict' }, options);
  return Object.assign(ctx, {
    dispose: async () => {
      await closeContext(ctx);
      await rm(home, { recursive: true, force: true });
    },
  });
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeContext, createContext } from '../bootstrap.ts';
import type { AppContext } from '../context.ts';
import { createPlan, createProduct } from '../plans/plans.service.ts';
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

/**
 * Sells an endpoint on a free plan with a generous rate, so customers' calls are admitted
 * (an unsold endpoint refuses them: metering.not_for_sale) and tests that make many calls
 * are not throttled.
 */
export async function sellEndpoint(ctx: AppContext, endpoint: string): Promise<void> {
  const plan = await createPlan(ctx, {
    name: `free-${endpoint}`,
    currency: 'USD',
    ratePerSecond: 100_000,
    burst: 1_000_000,
  });
  await createProduct(ctx, { name: `product-${endpoint}`, endpoint, plan: plan.id });
}

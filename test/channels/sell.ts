import type { AppContext } from '@qudao/server';
import { createPlan, createProduct } from '@qudao/server';

/**
 * Sells each endpoint as a product on one free plan: customers may call only endpoints sold as
 * products (issue #11, every admitted call is priced), so tests that call as a customer sell first.
 */
export async function sellEndpoints(ctx: AppContext, names: string[]) {
  const plan = await createPlan(ctx, { name: `Test plan (${names.join(', ')})`, currency: 'USD' });
  for (const name of names) {
    await createProduct(ctx, { name: `${name} API`, endpoint: name, plan: plan.id });
  }
}

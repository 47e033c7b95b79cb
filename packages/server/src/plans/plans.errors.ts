import { defineErrors } from '../shared/app-error.ts';

export const planErrors = defineErrors({
  badTiers: ['plans.bad_tiers', 400, (why: string) => `invalid volume tiers: ${why}`],
  planNotFound: [
    'plans.plan_not_found',
    404,
    (id: string) => `no plan ${id}; name a plan by its id or name (GET /api/v1/plans)`,
  ],
  planExists: [
    'plans.plan_exists',
    409,
    (name: string) => `a plan named ${name} exists already; choose another name`,
  ],
  productNotFound: [
    'plans.product_not_found',
    404,
    (id: string) => `no product ${id}; check the id (GET /api/v1/products)`,
  ],
  productExists: [
    'plans.product_exists',
    409,
    (what: string) => `${what} is already sold as a product; choose another name or endpoint`,
  ],
  alreadySubscribed: [
    'plans.already_subscribed',
    409,
    () => 'the customer already subscribes to it; nothing to do',
  ],
});

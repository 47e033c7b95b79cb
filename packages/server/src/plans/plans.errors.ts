import { AppError } from '../shared/app-error.ts';

export const planErrors = {
  badTiers: (why: string) => new AppError('plans.bad_tiers', 400, `invalid volume tiers: ${why}`),
  planNotFound: (id: string) => new AppError('plans.plan_not_found', 404, `no plan ${id}`),
  planExists: (name: string) =>
    new AppError('plans.plan_exists', 409, `a plan named ${name} exists already`),
  productNotFound: (id: string) => new AppError('plans.product_not_found', 404, `no product ${id}`),
  productExists: (what: string) =>
    new AppError('plans.product_exists', 409, `${what} is already sold as a product`),
  alreadySubscribed: () =>
    new AppError('plans.already_subscribed', 409, 'the customer already subscribes to it'),
};

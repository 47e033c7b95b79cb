import { defineErrors } from '../shared/app-error.ts';

export const wholesaleErrors = defineErrors({
  costNotSet: [
    'wholesale.cost_not_set',
    409,
    (product: string) =>
      `set the cost of product ${product} first (PUT /api/v1/products/${product}/cost): a wholesale price may not be under it`,
  ],
  underCost: [
    'wholesale.price_under_cost',
    400,
    (price: string, cost: string) =>
      `the wholesale price ${price} is under the product's cost ${cost}; price it at or above the cost`,
  ],
  noRate: [
    'wholesale.no_exchange_rate',
    409,
    (from: string, to: string) =>
      `no exchange rate between ${from} and ${to}; set one (PUT /api/v1/exchange-rates) to compare the prices`,
  ],
  notReseller: [
    'wholesale.not_a_reseller',
    409,
    () =>
      'only a wholesale (reseller) partner has retail plans; referral partners sell Qudao plans',
  ],
  noWholesalePrice: [
    'wholesale.no_wholesale_price',
    409,
    (tier: string, product: string) =>
      `there is no wholesale price of product ${product} for tier ${tier}; the owner sets it first`,
  ],
  belowFloor: [
    'wholesale.retail_below_floor',
    400,
    (what: string, floor: string, currency: string) =>
      `${what} is under the owner's floor of ${floor} ${currency} a unit (the wholesale price plus its minimum margin); raise it`,
  ],
  badTiers: ['wholesale.bad_tiers', 400, (why: string) => `invalid retail tiers: ${why}`],
});

import type { CustomerView, PartnerView, TierChange } from '../channels/channels.service.ts';
import { tierAt } from '../channels/channels.service.ts';
import type { ProductView, SubscriptionView } from '../plans/plans.service.ts';
import { amountFor, priceTokens, priceUsage } from '../plans/pricing.ts';
import type { RetailPlanView, WholesalePriceView } from '../wholesale/wholesale.schemas.ts';
import { retailPlanAt, wholesalePriceAt } from '../wholesale/wholesale.service.ts';
import type { InvoiceDraft, InvoiceLine, WholesaleInvoiceDraft } from './billing.schemas.ts';

/** The name Qudao's own invoices carry. */
export const QUDAO_ISSUER = 'Qudao';

/** Binary order (not locale order), so ids sort the same in JS and in the database. */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Tokens {
  input: number;
  output: number;
}
const NO_TOKENS: Tokens = { input: 0, output: 0 };
const addTokens = (t: Tokens | undefined, input: number, output: number): Tokens => ({
  input: (t?.input ?? 0) + input,
  output: (t?.output ?? 0) + output,
});

/** A reseller's customers' use of one product in the period, billed to it at wholesale. */
interface Resold {
  units: number;
  tokens: Tokens;
}

export interface InvoiceInputs {
  start: string;
  end: string;
  usage: {
    customerId: string;
    productId: string;
    units: number;
    /** Language-model calls' tokens (absent on usage from before token metering). */
    inputTokens?: number;
    outputTokens?: number;
  }[];
  subscriptions: SubscriptionView[];
  products: ProductView[];
  customers: CustomerView[];
  partners: PartnerView[];
  tierHistory: Map<string, TierChange[]>;
  wholesalePrices: WholesalePriceView[];
  retailPlans: RetailPlanView[];
}

/**
 * The partner a customer's invoices of the period belong to: its partner, unless it was
 * attributed only later (a key made through a referral code), in which case from the first
 * period ending after the attribution.
 */
export function partnerInPeriod(customer: CustomerView, end: string): string | null {
  if (!customer.partnerId) return null;
  return customer.attributedAt === null || customer.attributedAt < end ? customer.partnerId : null;
}

/**
 * A period's invoices: Qudao's to each direct or referral customer at its product plans; a
 * reseller's customers get the reseller's retail invoice instead (its retail plans, its
 * currency, its name), and the reseller gets Qudao's wholesale invoice for those units at the
 * wholesale prices of its tier in force at the period's end (the product's list price where the
 * owner set none). Subscribed products carry the monthly fee and included units. A language
 * model's tokens are priced at the product plan's per-1,000 token prices on every invoice
 * (retail plans and wholesale prices have no token prices, so a reseller passes them on at list).
 */
export function computeInvoices(inputs: InvoiceInputs) {
  const products = [...inputs.products].sort((a, b) => byText(a.id, b.id));
  const partners = new Map(inputs.partners.map((p) => [p.id, p]));
  const units = new Map<string, number>();
  const tokens = new Map<string, Tokens>();
  for (const u of inputs.usage) {
    const key = `${u.customerId}|${u.productId}`;
    units.set(key, (units.get(key) ?? 0) + u.units);
    tokens.set(key, addTokens(tokens.get(key), u.inputTokens ?? 0, u.outputTokens ?? 0));
  }
  const subscribed = new Set(
    inputs.subscriptions
      .filter((s) => s.startedAt < inputs.end)
      .map((s) => `${s.customerId}|${s.productId}`),
  );
  const invoices: InvoiceDraft[] = [];
  const resold = new Map<string, Map<string, Resold>>();
  for (const customer of [...inputs.customers].sort((a, b) => byText(a.id, b.id))) {
    const partnerId = partnerInPeriod(customer, inputs.end);
    const reseller = partnerId ? partners.get(partnerId) : undefined;
    const wholesale = reseller?.model === 'wholesale' ? reseller : undefined;
    const byCurrency = new Map<string, InvoiceLine[]>();
    for (const product of products) {
      const key = `${customer.id}|${product.id}`;
      const used = units.get(key) ?? 0;
      const isSubscribed = subscribed.has(key);
      if (!isSubscribed && used === 0) continue;
      const usedTokens = tokens.get(key) ?? NO_TOKENS;
      let plan: Parameters<typeof priceUsage>[0] & { currency: string } = product.plan;
      if (wholesale) {
        const perPartner = resold.get(wholesale.id) ?? new Map<string, Resold>();
        const before = perPartner.get(product.id);
        perPartner.set(product.id, {
          units: (before?.units ?? 0) + used,
          tokens: addTokens(before?.tokens, usedTokens.input, usedTokens.output),
        });
        resold.set(wholesale.id, perPartner);
        const retail = retailPlanAt(inputs.retailPlans, wholesale.id, product.id, inputs.end);
        // A product the reseller has not priced is not on its customer's invoice.
        if (!retail) continue;
        plan = { ...retail, unit: product.plan.unit, quotaUnits: null, overagePriceMinor: null };
      }
      const priced = isSubscribed ? plan : { ...plan, monthlyFeeMinor: 0, includedUnits: 0 };
      const lines = priceUsage(priced, used).map((line) => ({
        ...line,
        productId: product.id,
        product: product.name,
      }));
      const list = byCurrency.get(plan.currency) ?? [];
      list.push(...lines);
      byCurrency.set(plan.currency, list);
      const tokenLines = priceTokens(product.plan, usedTokens).map((line) => ({
        ...line,
        productId: product.id,
        product: product.name,
      }));
      // Token lines are in the product plan's currency (their prices are its minor units).
      if (tokenLines.length > 0) {
        byCurrency.set(product.plan.currency, [
          ...(byCurrency.get(product.plan.currency) ?? []),
          ...tokenLines,
        ]);
      }
    }
    for (const [currency, lines] of [...byCurrency].sort(([a], [b]) => byText(a, b))) {
      if (lines.length === 0) continue;
      invoices.push({
        customerId: customer.id,
        partnerId,
        currency,
        totalMinor: lines.reduce((sum, l) => sum + l.amountMinor, 0),
        lines,
        issuer: wholesale ? 'partner' : 'qudao',
        issuerName: wholesale ? wholesale.name : QUDAO_ISSUER,
      });
    }
  }
  return { invoices, wholesaleInvoices: wholesaleInvoices(inputs, resold, products) };
}

function wholesaleInvoices(
  inputs: InvoiceInputs,
  resold: Map<string, Map<string, Resold>>,
  products: ProductView[],
): WholesaleInvoiceDraft[] {
  const out: WholesaleInvoiceDraft[] = [];
  for (const partnerId of [...resold.keys()].sort(byText)) {
    const partner = inputs.partners.find((p) => p.id === partnerId)!;
    const tier = tierAt(inputs.tierHistory.get(partnerId), inputs.end, partner.tier);
    const byCurrency = new Map<string, InvoiceLine[]>();
    for (const product of products) {
      const sold = resold.get(partnerId)!.get(product.id);
      const used = sold?.units ?? 0;
      if (used === 0) continue;
      const price = wholesalePriceAt(inputs.wholesalePrices, tier, product.id, inputs.end);
      const lines: InvoiceLine[] = price
        ? [
            {
              kind: 'wholesale',
              description: `${tier} wholesale price`,
              units: used,
              unitPriceMinor: price.priceMinor,
              amountMinor: amountFor(product.plan, used, price.priceMinor),
              productId: product.id,
              product: product.name,
            },
          ]
        : priceUsage({ ...product.plan, monthlyFeeMinor: 0, includedUnits: 0 }, used).map(
            (line) => ({
              ...line,
              description: `list price (no ${tier} wholesale price): ${line.description}`,
              productId: product.id,
              product: product.name,
            }),
          );
      const currency = price ? price.currency : product.plan.currency;
      byCurrency.set(currency, [...(byCurrency.get(currency) ?? []), ...lines]);
      const tokenLines = priceTokens(product.plan, sold?.tokens ?? NO_TOKENS).map((line) => ({
        ...line,
        productId: product.id,
        product: product.name,
      }));
      const listCurrency = product.plan.currency;
      if (tokenLines.length > 0) {
        byCurrency.set(listCurrency, [...(byCurrency.get(listCurrency) ?? []), ...tokenLines]);
      }
    }
    for (const [currency, lines] of [...byCurrency].sort(([a], [b]) => byText(a, b))) {
      out.push({
        partnerId,
        currency,
        totalMinor: lines.reduce((sum, l) => sum + l.amountMinor, 0),
        lines,
      });
    }
  }
  return out;
}

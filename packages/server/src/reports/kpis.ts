import type { InvoiceDraft, StatementDraft } from '../billing/billing.schemas.ts';
import type { CustomerView, PartnerView } from '../channels/channels.service.ts';
import type { DealView } from '../deals/deals.schemas.ts';
import type { FeedbackView } from '../feedback/feedback.schemas.ts';
import type { MarketCell, Strategy } from '../market/market.schemas.ts';
import type { ProductView } from '../plans/plans.service.ts';
import type { Converter } from './exchange.ts';
import { comparableTotal, convertTotals, demandCoverage, totalsByCurrency } from './money.ts';
import type { ChannelReport, MoneyRow } from './reports.schemas.ts';

export interface KpiInputs {
  start: string;
  end: string;
  /** How the period is named in the report: `2025-12`, `2026-01 (month to date)`. */
  label: string;
  kind: ChannelReport['period']['kind'];
  /** Converts totals into the reporting currency with the owner's rates. */
  converter: Converter;
  customers: CustomerView[];
  partners: PartnerView[];
  products: ProductView[];
  deals: DealView[];
  feedback: FeedbackView[];
  invoices: InvoiceDraft[];
  statements: StatementDraft[];
  compute: { customerId: string; productId: string | null; calls: number; latencyMs: number }[];
  keys: { id: string; createdAt: string }[];
  cells: MarketCell[];
  strategy: Strategy;
  /** Reimbursed marketing development funds. */
  mdf: { spentMinor: number | null; currency: string; reimbursedAt: string | null }[];
  firstCalls: Map<string, string>;
  /** Price of one hour of measured inference time, in minor units of `costCurrency`. */
  computeCostPerHourMinor: number;
  costCurrency: string;
}

const within = (at: string | null, inputs: { start: string; end: string }) =>
  at !== null && at >= inputs.start && at < inputs.end;
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const HOUR = 3_600_000;

/**
 * The channel strategy flow's numbers for one period, stage by stage. Money is added up only
 * within a currency; across currencies only after conversion with the owner's rates.
 */
export function channelKpis(inputs: KpiInputs): Omit<ChannelReport, 'intelligence'> {
  const partners = new Map(inputs.partners.map((p) => [p.id, p]));
  const customers = new Map(inputs.customers.map((c) => [c.id, c]));
  const active = new Set(inputs.compute.map((c) => c.customerId));
  for (const i of inputs.invoices) active.add(i.customerId);

  // Market coverage: regions and industries with an active customer or a partner.
  const cells = new Set<string>();
  const regions = new Map<string, { partners: number; activeCustomers: number }>();
  const bump = (region: string | null, field: 'partners' | 'activeCustomers') => {
    if (!region) return;
    const r = regions.get(region) ?? { partners: 0, activeCustomers: 0 };
    r[field]++;
    regions.set(region, r);
  };
  for (const p of inputs.partners) for (const region of p.regions) bump(region, 'partners');
  for (const id of active) {
    const c = customers.get(id);
    if (!c) continue;
    bump(c.region, 'activeCustomers');
    if (c.region && c.industry) cells.add(`${c.region} × ${c.industry}`);
  }

  // Demand-weighted coverage of the target cells by an earning partner or an active customer.
  const earning = new Set(inputs.invoices.map((i) => i.partnerId).filter((p): p is string => !!p));
  const coveredCells = inputs.cells.filter(
    (cell) =>
      cells.has(`${cell.region} × ${cell.industry}`) ||
      [...earning].some((id) => {
        const p = partners.get(id);
        return !!p && p.regions.includes(cell.region) && p.industries.includes(cell.industry);
      }),
  );
  const { coverage, demandByCurrency } = demandCoverage(
    inputs.cells.map((c) => ({ ...c, covered: coveredCells.includes(c) })),
    inputs.converter,
  );

  // Brand reach: leads by source.
  const leads = inputs.deals.filter((d) => within(d.createdAt, inputs));
  const leadsBySource: Record<string, number> = {};
  for (const d of leads) leadsBySource[d.source] = (leadsBySource[d.source] ?? 0) + 1;
  const partnerLeads = leads.filter((d) => d.partnerId !== null).length;
  const mdfSpentMinor: Record<string, number> = {};
  for (const m of inputs.mdf.filter((x) => within(x.reimbursedAt, inputs))) {
    mdfSpentMinor[m.currency] = (mdfSpentMinor[m.currency] ?? 0) + (m.spentMinor ?? 0);
  }

  // Customer relations.
  const fb = inputs.feedback.filter((f) => within(f.createdAt, inputs));
  const csat = fb.filter((f) => f.kind === 'csat').map((f) => f.score!);
  const nps = fb.filter((f) => f.kind === 'nps').map((f) => f.score!);
  const complaints = fb.filter((f) => f.kind === 'complaint');
  const resolutionHours = complaints
    .filter((c) => c.resolvedAt)
    .map((c) => (Date.parse(c.resolvedAt!) - Date.parse(c.createdAt)) / HOUR);

  // Sales efficiency.
  const closed = inputs.deals.filter((d) => within(d.closedAt, inputs));
  const won = closed.filter((d) => d.stage === 'won');
  const cycleDays = won.map(
    (d) => (Date.parse(d.closedAt!) - Date.parse(d.createdAt)) / (24 * HOUR),
  );
  const keyToFirstCall = inputs.keys
    .filter((k) => within(inputs.firstCalls.get(k.id) ?? null, inputs))
    .map((k) => (Date.parse(inputs.firstCalls.get(k.id)!) - Date.parse(k.createdAt)) / HOUR)
    // Usage imported from before the key existed says nothing about onboarding.
    .filter((hours) => hours >= 0);

  // Profitability per channel, partner and product.
  const rows = {
    channel: new Map<string, MoneyRow>(),
    partner: new Map<string, MoneyRow>(),
    product: new Map<string, MoneyRow>(),
  };
  const row = (kind: keyof typeof rows, name: string, currency: string) => {
    const key = `${name}|${currency}`;
    let r = rows[kind].get(key);
    if (!r) {
      r = {
        name,
        currency,
        calls: 0,
        revenueMinor: 0,
        commissionMinor: 0,
        computeCostMinor: 0,
        marginMinor: 0,
      };
      rows[kind].set(key, r);
    }
    return r;
  };
  const channelOf = (partnerId: string | null) =>
    partnerId ? (partners.get(partnerId)?.channel ?? 'reseller') : 'direct';
  // Partners are told apart by id: two partners may share a name.
  const partnerRow = (partnerId: string | null, currency: string) => {
    const key = `${partnerId ?? ''}|${currency}`;
    let r = rows.partner.get(key);
    if (!r) {
      r = {
        name: partnerId ? (partners.get(partnerId)?.name ?? partnerId) : '(direct sales)',
        partnerId,
        currency,
        calls: 0,
        revenueMinor: 0,
        commissionMinor: 0,
        computeCostMinor: 0,
        marginMinor: 0,
      };
      rows.partner.set(key, r);
    }
    return r;
  };
  const productName = (id: string | null) =>
    id ? (inputs.products.find((p) => p.id === id)?.name ?? id) : '(not sold)';
  for (const invoice of inputs.invoices) {
    row('channel', channelOf(invoice.partnerId), invoice.currency).revenueMinor +=
      invoice.totalMinor;
    partnerRow(invoice.partnerId, invoice.currency).revenueMinor += invoice.totalMinor;
    for (const line of invoice.lines) {
      row('product', line.product, invoice.currency).revenueMinor += line.amountMinor;
    }
  }
  for (const s of inputs.statements) {
    row('channel', channelOf(s.partnerId), s.currency).commissionMinor += s.totalMinor;
    partnerRow(s.partnerId, s.currency).commissionMinor += s.totalMinor;
  }
  for (const c of inputs.compute) {
    const partnerId = customers.get(c.customerId)?.partnerId ?? null;
    const cost = (c.latencyMs / HOUR) * inputs.computeCostPerHourMinor;
    for (const r of [
      row('channel', channelOf(partnerId), inputs.costCurrency),
      partnerRow(partnerId, inputs.costCurrency),
      row('product', productName(c.productId), inputs.costCurrency),
    ]) {
      r.calls += c.calls;
      r.computeCostMinor += cost;
    }
  }
  const finish = (m: Map<string, MoneyRow>) =>
    [...m.values()]
      .map((r) => {
        const computeCostMinor = Math.round(r.computeCostMinor);
        return {
          ...r,
          computeCostMinor,
          marginMinor: r.revenueMinor - r.commissionMinor - computeCostMinor,
        };
      })
      .sort((a, b) => b.revenueMinor - a.revenueMinor || a.name.localeCompare(b.name));
  const byChannel = finish(rows.channel);
  const partnerRevenue = new Map<string, number>();
  for (const i of inputs.invoices.filter((x) => x.partnerId)) {
    partnerRevenue.set(i.currency, (partnerRevenue.get(i.currency) ?? 0) + i.totalMinor);
  }
  const totals = totalsByCurrency(byChannel, partnerRevenue);
  const { converted, missingRates } = convertTotals(totals, inputs.converter);
  const comparable = comparableTotal(totals, converted);
  const relations = {
    csat: csat.length ? round(mean(csat)!, 2) : null,
    csatResponses: csat.length,
    nps: nps.length
      ? Math.round(
          ((nps.filter((s) => s >= 9).length - nps.filter((s) => s <= 6).length) / nps.length) *
            100,
        )
      : null,
    npsResponses: nps.length,
    complaints: complaints.length,
    complaintRate: active.size ? round(complaints.length / active.size) : null,
    meanResolutionHours: resolutionHours.length ? round(mean(resolutionHours)!, 1) : null,
  };
  const actual: Record<string, number | null> = {
    coverage,
    partnerSourcedShare: leads.length ? round(partnerLeads / leads.length) : null,
    winRate: closed.length ? round(won.length / closed.length) : null,
    csat: relations.csat,
    nps: relations.nps,
    complaintRate: relations.complaintRate,
    marginShare: comparable?.marginShare ?? null,
  };
  const targets = Object.entries(inputs.strategy.targets).map(([kpi, target]) => {
    const value = actual[kpi] ?? null;
    const lowerIsBetter = kpi === 'complaintRate';
    return {
      kpi,
      target: target as number,
      actual: value,
      met:
        value === null
          ? null
          : lowerIsBetter
            ? value <= (target as number)
            : value >= (target as number),
    };
  });
  const partnerRevenueShare = comparable?.partnerRevenueShare ?? null;

  return {
    period: { start: inputs.start, end: inputs.end, label: inputs.label, kind: inputs.kind },
    strategy: {
      chosen: inputs.strategy.mode,
      targets,
      observed:
        partnerRevenueShare !== null && partnerRevenueShare >= 0.5
          ? 'partner-led'
          : 'multi-channel',
      partnerRevenueShare,
    },
    marketCoverage: {
      coverage,
      targetCells: inputs.cells.length,
      coveredCells: coveredCells.map((c) => `${c.region} × ${c.industry}`),
      activePartners: earning.size,
      activeCustomers: active.size,
      regions: Object.fromEntries([...regions].sort(([a], [b]) => a.localeCompare(b))),
      regionIndustryCellsCovered: [...cells].sort(),
      demandByCurrency,
    },
    brandReach: {
      leads: leads.length,
      leadsBySource,
      partnerSourcedShare: leads.length ? round(partnerLeads / leads.length) : null,
      /** Marketing development funds reimbursed in the period, per currency. */
      mdfSpentMinor,
    },
    customerRelations: relations,
    salesEfficiency: {
      won: won.length,
      lost: closed.length - won.length,
      winRate: closed.length ? round(won.length / closed.length) : null,
      meanCycleDays: cycleDays.length ? round(mean(cycleDays)!, 1) : null,
      medianHoursKeyToFirstCall: keyToFirstCall.length ? round(median(keyToFirstCall)!, 1) : null,
    },
    profitability: {
      byChannel,
      byPartner: finish(rows.partner),
      byProduct: finish(rows.product),
      totals,
      converted,
      currency: inputs.converter.currency,
      missingRates,
    },
  };
}

/** Partners, customers, keys, usage, deals, statements and the channel report. */

export type {
  ApiKeyView as ApiKey,
  CreatedApiKeyView as CreatedApiKey,
  CustomerView as Customer,
  PartnerView as Partner,
  PrincipalView as Principal,
} from '@qudao/server/contract';

export type UsageGrouping = 'partner' | 'customer' | 'endpoint';

export interface UsageRow {
  group: string;
  id: string | null;
  name: string;
  calls: number;
  avgLatencyMs: number | null;
  firstCallAt: string | null;
  lastCallAt: string | null;
}

export type { DealView as Deal } from '@qudao/server/contract';

export interface Invoice {
  id: string;
  periodId: string;
  customerId: string;
  partnerId: string | null;
  currency: string;
  totalMinor: number;
  lines: {
    product: string;
    kind: string;
    description: string;
    units: number;
    unitPriceMinor: number;
    amountMinor: number;
  }[];
}

export interface CommissionStatement {
  id: string;
  periodId: string;
  partnerId: string;
  currency: string;
  totalMinor: number;
  lines: {
    kind: 'revenue_share' | 'bounty';
    description: string;
    term: string | null;
    basisMinor: number;
    rateBps: number | null;
    amountMinor: number;
  }[];
}

export interface MoneyRow {
  name: string;
  currency: string;
  calls: number;
  revenueMinor: number;
  commissionMinor: number;
  computeCostMinor: number;
  marginMinor: number;
}

/** `GET /api/v1/reports/channels`: the strategy flow's numbers for one month. */
export interface ChannelReport {
  period: { start: string; end: string };
  strategy: {
    chosen: string;
    observed: string;
    partnerRevenueShare: number | null;
    targets: { kpi: string; target: number; actual: number | null; met: boolean | null }[];
  };
  marketCoverage: {
    coverage: number | null;
    targetCells: number;
    coveredCells: string[];
    activeCustomers: number;
    activePartners: number;
  };
  brandReach: {
    leads: number;
    leadsBySource: Record<string, number>;
    partnerSourcedShare: number | null;
    mdfSpentMinor: Record<string, number>;
  };
  customerRelations: {
    csat: number | null;
    nps: number | null;
    complaints: number;
    complaintRate: number | null;
    meanResolutionHours: number | null;
  };
  salesEfficiency: {
    won: number;
    lost: number;
    winRate: number | null;
    meanCycleDays: number | null;
    medianHoursKeyToFirstCall: number | null;
  };
  profitability: { byChannel: MoneyRow[]; byPartner: MoneyRow[]; byProduct: MoneyRow[] };
}

/** Partners, customers, keys, usage, deals, statements and the channel report. */

export interface Partner {
  id: string;
  name: string;
  tier: string;
  region: string | null;
  createdAt: string;
}

export interface Customer {
  id: string;
  name: string;
  partnerId: string | null;
  partnerName: string | null;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  customerId: string;
  prefix: string;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
}

/** Returned once, when the key is created: the secret is never shown again. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

export type {
  UsageEventView as UsageEvent,
  UsageGroup as UsageGrouping,
  UsageRowView as UsageRow,
} from '@qudao/server/contract';

/** Who the credentials belong to (`GET /api/v1/me`). */
export type Principal =
  | { kind: 'owner' }
  | { kind: 'admin' | 'analyst'; tokenId: string }
  | { kind: 'partner'; partnerId: string; tokenId: string }
  | { kind: 'customer'; customerId: string; partnerId: string | null; apiKeyId: string };

export type {
  CommissionRule,
  DealView as Deal,
  InvoiceView as Invoice,
  StatementView as CommissionStatement,
} from '@qudao/server/contract';

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

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
  ChannelReport,
  CommissionRule,
  DealView as Deal,
  ExchangeRateView as ExchangeRate,
  InvoiceView as Invoice,
  MoneyRow,
  MoneyTotal,
  StatementView as CommissionStatement,
} from '@qudao/server/contract';

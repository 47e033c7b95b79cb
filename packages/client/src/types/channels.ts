/** Partners, customers, keys, usage, deals, statements and the channel report. */

export type {
  ApiKeyView as ApiKey,
  ChannelReport,
  CommissionRule,
  CreatedApiKeyView as CreatedApiKey,
  CustomerView as Customer,
  DealView as Deal,
  ExchangeRateView as ExchangeRate,
  FeedbackView as Feedback,
  InquiryView as Inquiry,
  InvoiceView as Invoice,
  MarketCell,
  MoneyRow,
  MoneyTotal,
  PartnerView as Partner,
  PrincipalView as Principal,
  StatementView as CommissionStatement,
  UsageEventView as UsageEvent,
  UsageGroup as UsageGrouping,
  UsageRowView as UsageRow,
} from '@qudao/server/contract';

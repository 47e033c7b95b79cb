/** Column names of common CRM exports (Salesforce, HubSpot, Zoho), mapped to Qudao's fields. */
const SYNONYMS: Record<string, string[]> = {
  name: ['name', 'account name', 'company name', 'partner name', 'customer name', 'account'],
  company: ['company', 'account name', 'company name', 'opportunity name', 'deal name'],
  tier: ['tier', 'partner tier', 'level'],
  channel: ['channel', 'partner type', 'type'],
  regions: ['regions', 'region', 'territory', 'billing country region'],
  region: ['region', 'territory', 'billing region'],
  industries: ['industries', 'industry', 'vertical'],
  industry: ['industry', 'vertical'],
  size: ['size', 'company size', 'segment'],
  since: ['since', 'customer since', 'created date', 'create date'],
  partner: ['partner', 'partner name', 'partner account', 'reseller'],
  customer: ['customer', 'customer name', 'account name'],
  source: ['source', 'lead source', 'deal source'],
  stage: ['stage', 'deal stage', 'opportunity stage'],
  value: ['value', 'amount', 'deal amount'],
  currency: ['currency', 'amount currency', 'currency code'],
  createdAt: ['created at', 'created', 'created date', 'create date'],
  closedAt: ['closed at', 'close date', 'closed date'],
};

/** Finds the column of each field in a header (case and spacing ignored). */
export function mapColumns(header: string[], fields: string[]): Map<string, number> {
  const norm = header.map((h) =>
    h
      .toLowerCase()
      .replace(/[_\s]+/g, ' ')
      .trim(),
  );
  const found = new Map<string, number>();
  for (const field of fields) {
    for (const name of [field.toLowerCase(), ...(SYNONYMS[field] ?? [])]) {
      const index = norm.indexOf(name);
      if (index >= 0) {
        found.set(field, index);
        break;
      }
    }
  }
  return found;
}

const STAGES: Record<string, string> = {
  lead: 'lead',
  new: 'lead',
  prospecting: 'lead',
  'appointment scheduled': 'lead',
  qualified: 'qualified',
  qualification: 'qualified',
  'qualified to buy': 'qualified',
  proposal: 'proposal',
  'proposal/price quote': 'proposal',
  'presentation scheduled': 'proposal',
  negotiation: 'proposal',
  'negotiation/review': 'proposal',
  'contract sent': 'proposal',
  won: 'won',
  'closed won': 'won',
  closedwon: 'won',
  lost: 'lost',
  'closed lost': 'lost',
  closedlost: 'lost',
};

export function mapStage(value: string): string | null {
  return STAGES[value.trim().toLowerCase()] ?? null;
}

export const list = (value: string | undefined) =>
  (value ?? '')
    .split(/[;|]/)
    .map((v) => v.trim())
    .filter(Boolean);

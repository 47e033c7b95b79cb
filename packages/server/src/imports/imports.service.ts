import type { z } from 'zod';
import { CreateCustomerSchema, CreatePartnerSchema } from '../channels/channels.schemas.ts';
import {
  createCustomer,
  createPartner,
  listCustomers,
  listPartners,
} from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import { CreateDealSchema } from '../deals/deals.schemas.ts';
import { companyKey, createDeal, listDeals, moveDeal } from '../deals/deals.service.ts';
import { isKnownCurrency, minorDigits } from '../shared/currency.ts';
import { type DateRules, dateProblem } from '../shared/history-dates.ts';
import type { Principal } from '../shared/principal.ts';
import { parseInput } from '../shared/validate.ts';
import { list, mapColumns, mapStage } from './crm-mapping.ts';
import { readCsv } from './csv.ts';
import { importErrors } from './imports.errors.ts';
import { type ImportInput, type ImportResultView, ImportSchema } from './imports.schemas.ts';

const FIELDS = {
  partners: ['name', 'tier', 'channel', 'regions', 'industries'],
  customers: ['name', 'partner', 'region', 'industry', 'size', 'since'],
  deals: [
    'company',
    'partner',
    'customer',
    'source',
    'stage',
    'value',
    'currency',
    'createdAt',
    'closedAt',
  ],
} as const;

type Planned = { row: number; skip: boolean; write: () => Promise<unknown> };

const isoOrUndefined = (v: string | undefined) => {
  if (!v?.trim()) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? v : new Date(t).toISOString();
};

/**
 * Imports partners, customers or deals from a CRM export. Every row is checked first (the same
 * schemas as the API, partners and customers found by name or id); one bad row refuses the whole
 * file with each row's problem, and nothing is written. Rows already present are skipped, so a
 * file can be imported again.
 */
export async function importCrm(
  ctx: AppContext,
  input: ImportInput,
  viewer: Principal,
): Promise<ImportResultView> {
  const data = parseInput(ImportSchema, input, 'import');
  const { header, rows } = await readCsv(data.csv);
  const columns = mapColumns(header, [...FIELDS[data.kind]]);
  const required = data.kind === 'deals' ? 'company' : 'name';
  if (!columns.has(required)) throw importErrors.missingColumn(required, header);
  const get = (r: string[], field: string) => {
    const i = columns.get(field);
    const v = i === undefined ? undefined : r[i]?.trim();
    return v ? v : undefined;
  };
  const partners = await listPartners(ctx, viewer);
  const partnerOf = (v: string | undefined) =>
    v ? partners.find((p) => p.id === v || p.name.toLowerCase() === v.toLowerCase()) : undefined;
  const customers = await listCustomers(ctx, viewer);
  const deals = await listDeals(ctx, viewer);
  const errors: { row: number; message: string }[] = [];
  const planned: Planned[] = [];
  for (const [index, r] of rows.entries()) {
    const row = index + 2; // 1-based, after the header
    const fail = (message: string): void => {
      errors.push({ row, message });
    };
    const check = <T extends z.ZodType>(schema: T, value: unknown): z.infer<T> | null => {
      const result = schema.safeParse(value);
      if (result.success) return result.data;
      fail(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      return null;
    };
    // The services' date rules (not in the future, not in a closed period), checked per row
    // here, so a bad date refuses the file before anything is written.
    const badDate = async (field: string, at: string | undefined, rules: DateRules) => {
      const problem = at ? await dateProblem(ctx, field, at, rules) : null;
      if (problem) fail(problem.message);
      return problem !== null;
    };
    const partnerName = get(r, 'partner');
    const partner = partnerOf(partnerName);
    if (partnerName && !partner) {
      fail(`no partner "${partnerName}"`);
      continue;
    }
    if (data.kind === 'partners') {
      const value = check(CreatePartnerSchema, {
        name: get(r, 'name'),
        tier: get(r, 'tier')?.toLowerCase(),
        channel: get(r, 'channel')?.toLowerCase(),
        regions: list(get(r, 'regions')),
        industries: list(get(r, 'industries')),
      });
      if (value) {
        const skip = partners.some((p) => p.name.toLowerCase() === value.name.toLowerCase());
        planned.push({ row, skip, write: () => createPartner(ctx, value) });
      }
    } else if (data.kind === 'customers') {
      const value = check(CreateCustomerSchema, {
        name: get(r, 'name'),
        partnerId: partner?.id ?? null,
        region: get(r, 'region'),
        industry: get(r, 'industry'),
        size: get(r, 'size')?.toLowerCase(),
        since: isoOrUndefined(get(r, 'since')),
      });
      if (value) {
        const skip = customers.some(
          (c) =>
            c.name.toLowerCase() === value.name.toLowerCase() &&
            c.partnerId === (partner?.id ?? null),
        );
        if (!skip && (await badDate('since', value.since, { closed: 'none' }))) continue;
        planned.push({ row, skip, write: () => createCustomer(ctx, value, viewer) });
      }
    } else {
      const stage = mapStage(get(r, 'stage') ?? 'lead');
      if (!stage) {
        fail(`unknown stage "${get(r, 'stage')}"`);
        continue;
      }
      const currency = (get(r, 'currency') ?? 'USD').toUpperCase();
      if (!isKnownCurrency(currency)) {
        fail(`unknown currency ${currency}`);
        continue;
      }
      const amount = Number(get(r, 'value') ?? '0');
      if (!Number.isFinite(amount) || amount < 0) {
        fail(`the value must be a non-negative amount`);
        continue;
      }
      const customerName = get(r, 'customer');
      const customer = customerName
        ? customers.find(
            (c) => c.id === customerName || c.name.toLowerCase() === customerName.toLowerCase(),
          )
        : undefined;
      if (customerName && !customer) {
        fail(`no customer "${customerName}"`);
        continue;
      }
      const value = check(CreateDealSchema, {
        company: get(r, 'company'),
        partnerId: partner?.id ?? null,
        customerId: customer?.id ?? null,
        source: get(r, 'source')?.toLowerCase(),
        valueMinor: Math.round(amount * 10 ** minorDigits(currency)),
        currency,
        createdAt: isoOrUndefined(get(r, 'createdAt')),
      });
      const closed = stage === 'won' || stage === 'lost';
      const closedAt = closed ? isoOrUndefined(get(r, 'closedAt')) : undefined;
      if (value && customer && customer.partnerId !== (partner?.id ?? null)) {
        fail(`customer "${customer.name}" is sold through another partner`);
        continue;
      }
      if (value && closedAt && !value.createdAt) {
        fail('a won or lost deal with a close date needs its created date');
        continue;
      }
      if (value) {
        const skip = deals.some(
          (d) =>
            companyKey(d.company) === companyKey(value.company) &&
            d.partnerId === (partner?.id ?? null),
        );
        const history = [{ at: value.createdAt ?? null, what: 'the created date' }];
        if (!skip && (await badDate('createdAt', value.createdAt, { closed: 'instant' }))) continue;
        const closing = { closed: 'instant', notBefore: history } as const;
        if (!skip && (await badDate('closedAt', closedAt, closing))) continue;
        planned.push({
          row,
          skip,
          write: async () => {
            const deal = await createDeal(ctx, value, viewer);
            const path =
              stage === 'lost'
                ? ['lost']
                : ['qualified', 'proposal', 'won'].slice(
                    0,
                    ['lead', 'qualified', 'proposal', 'won'].indexOf(stage),
                  );
            // A closed deal passed its earlier stages by its close date at the latest.
            for (const s of path) {
              await moveDeal(ctx, deal.id, { stage: s as 'won', at: closedAt }, viewer);
            }
          },
        });
      }
    }
  }
  if (errors.length > 0) throw importErrors.invalidRows(errors);
  const toWrite = planned.filter((p) => !p.skip);
  if (!data.dryRun) for (const p of toWrite) await p.write();
  return {
    kind: data.kind,
    dryRun: data.dryRun,
    rows: rows.length,
    created: toWrite.length,
    skipped: planned.length - toWrite.length,
  };
}

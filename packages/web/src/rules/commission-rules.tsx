import { contract } from '@qudao/client';
import { useId, useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useApiMutation } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { useBusinessText } from '../business/business.messages.ts';
import { CURRENCIES, formatMoney, toMinor } from '../business/money.ts';
import { EmptyState, ErrorBox } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useRulesText } from './rules.messages.ts';

type Rule = contract.CommissionRule;
export type Named = readonly { id: string; name: string }[];

/** A date input's day as the instant it starts (UTC); undefined when empty. */
export const dayStart = (day: string) => (day ? `${day}T00:00:00.000Z` : undefined);

/** Percent text ("12.5") as basis points (1250); undefined when empty, NaN when not a number. */
const bps = (percent: string) =>
  percent.trim() === '' ? undefined : Math.round(Number(percent.replace(',', '.')) * 100);
const optionalInt = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The day of an instant in the console's language (UTC: rules start and end at midnight UTC). */
function useDay() {
  const { locale } = useI18n();
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  return (iso: string) => format.format(new Date(iso));
}

/** A rule ends on a chosen day (it stops being in force at its start). */
function EndRule({ rule }: { rule: Rule }) {
  const t = useRulesText();
  const id = useId();
  const [day, setDay] = useState(new Date().toISOString().slice(0, 10));
  const end = useApiMutation(
    (client, effectiveTo: string) =>
      client.billing.endRule({ params: { ruleId: rule.id }, body: { effectiveTo } }),
    [['commission-rules']],
  );
  return (
    <div className="action-row">
      <label htmlFor={id} className="sr-only">
        {t('field.endAt')}
      </label>
      <input id={id} type="date" value={day} onChange={(e) => setDay(e.target.value)} />
      <button
        type="button"
        className="button small"
        disabled={end.isPending || !day}
        onClick={() => end.mutate(dayStart(day) ?? '')}
      >
        {t('end')}
      </button>
      {end.error ? <ErrorBox error={end.error} /> : null}
    </div>
  );
}

/** Every commission rule with the span it is in force; the owner and admins end one. */
export function CommissionRuleList(props: {
  rules: readonly Rule[];
  partners: Named;
  products: Named;
}) {
  const t = useRulesText();
  const b = useBusinessText();
  const f = useFormat();
  const day = useDay();
  const { locale } = useI18n();
  const { role } = useSession();
  const nameOf = (list: Named, id: string) => list.find((x) => x.id === id)?.name ?? id;
  const target = (r: Rule) =>
    r.partnerId
      ? t('target.partner', { name: nameOf(props.partners, r.partnerId) })
      : t('target.tier', { tier: b(`tier.${r.tier ?? 'registered'}`) });
  const commission = (r: Rule) =>
    r.basis === 'flat'
      ? t('rate.flat', { amount: formatMoney(r.flatMinor, r.currency, locale) })
      : t('rate.percent', {
          first: f.percent(r.firstYearBps / 10_000, 1),
          renewal: f.percent(r.renewalBps / 10_000, 1),
        });
  const ends = mayCall(role, 'billing.endRule');
  const columns: Column<Rule>[] = [
    { id: 'target', header: t('col.target'), cell: target, value: target, cellClassName: 'strong' },
    {
      id: 'product',
      header: t('col.product'),
      cell: (r) => (r.productId ? nameOf(props.products, r.productId) : t('field.anyProduct')),
    },
    { id: 'commission', header: t('col.commission'), cell: commission },
    {
      id: 'recurrence',
      header: t('col.recurrence'),
      cell: (r) =>
        r.recurrence === 'recurring' && r.maxMonths
          ? `${t('recurrence.recurring')} (${f.integer(r.maxMonths)})`
          : t(`recurrence.${r.recurrence}`),
    },
    {
      id: 'bounty',
      header: t('col.bounty'),
      cell: (r) => (r.bountyMinor ? formatMoney(r.bountyMinor, r.currency, locale) : '–'),
      className: 'num',
    },
    {
      id: 'from',
      header: t('col.from'),
      cell: (r) => (r.effectiveFrom ? day(r.effectiveFrom) : t('always')),
      value: (r) => r.effectiveFrom ?? '',
      cellClassName: 'nowrap',
    },
    {
      id: 'to',
      header: t('col.to'),
      cell: (r) => (r.effectiveTo ? day(r.effectiveTo) : t('open')),
      value: (r) => r.effectiveTo ?? '9999',
      cellClassName: 'nowrap',
    },
    ...(ends
      ? [
          {
            id: 'end',
            header: t('col.end'),
            cell: (r: Rule) => (r.effectiveTo ? t('ended') : <EndRule rule={r} />),
          },
        ]
      : []),
  ];
  return (
    <section className="panel flush">
      <h2>{t('commission.title')}</h2>
      {props.rules.length === 0 ? (
        <EmptyState>{t('commission.empty')}</EmptyState>
      ) : (
        <DataTable
          rows={props.rules}
          columns={columns}
          rowKey={(r) => r.id}
          testId="commission-rules"
          label={t('commission.label')}
          initialSort={{ column: 'from', direction: 'ascending' }}
          rowProps={(r) => ({ 'data-rule': r.id, 'data-open': String(!r.effectiveTo) })}
        />
      )}
    </section>
  );
}

const EMPTY = {
  target: 'tier:registered',
  productId: '',
  basis: 'percent',
  rate: '',
  renewal: '',
  flat: '',
  recurrence: 'recurring',
  maxMonths: '',
  bounty: '',
  currency: 'USD',
  from: '',
  to: '',
};

/** A new rule for a tier or one partner, checked with the server's own schema. */
export function CommissionRuleForm(props: { partners: Named; products: Named }) {
  const t = useRulesText();
  const b = useBusinessText();
  const [v, setV] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useApiMutation(
    (client, body: contract.CreateCommissionRuleInput) => client.billing.createRule({ body }),
    [['commission-rules']],
  );
  const set = (field: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setV({ ...v, [field]: e.target.value });
  const submit = () => {
    const [kind, id] = v.target.split(':');
    const flat = v.basis === 'flat';
    const body = {
      ...(kind === 'tier' ? { tier: id } : { partnerId: id }),
      ...(v.productId ? { productId: v.productId } : {}),
      basis: v.basis,
      ...(flat ? { flatMinor: toMinor(v.flat, v.currency) } : {}),
      ...(!flat && bps(v.renewal) !== undefined
        ? { firstYearBps: bps(v.rate), renewalBps: bps(v.renewal) }
        : !flat
          ? { rateBps: bps(v.rate) ?? Number.NaN }
          : {}),
      recurrence: v.recurrence,
      maxMonths: optionalInt(v.maxMonths),
      bountyMinor: v.bounty.trim() ? toMinor(v.bounty, v.currency) : 0,
      currency: v.currency,
      effectiveFrom: dayStart(v.from),
      effectiveTo: dayStart(v.to),
    };
    const parsed = check(contract.CreateCommissionRuleSchema, body);
    if (!parsed.ok) {
      const names: Record<string, string> = {
        rateBps: 'rate',
        firstYearBps: 'rate',
        renewalBps: 'renewal',
        flatMinor: 'flat',
        bountyMinor: 'bounty',
        effectiveFrom: 'from',
        effectiveTo: 'to',
      };
      setErrors(
        Object.fromEntries(Object.entries(parsed.errors).map(([k, c]) => [names[k] ?? k, c])),
      );
      return;
    }
    setErrors({});
    create.mutate(parsed.value, { onSuccess: () => setV(EMPTY) });
  };
  return (
    <FormPanel
      title={t('commission.new')}
      submit={t('commission.create')}
      busy={create.isPending}
      error={create.error}
      testId="commission-rule-form"
      onSubmit={submit}
    >
      <Field label={t('field.target')} name="target" errors={errors}>
        <select name="target" value={v.target} onChange={set('target')}>
          {contract.PARTNER_TIERS.map((tier) => (
            <option key={tier} value={`tier:${tier}`}>
              {t('target.tier', { tier: b(`tier.${tier}`) })}
            </option>
          ))}
          {props.partners.map((p) => (
            <option key={p.id} value={`partner:${p.id}`}>
              {t('target.partner', { name: p.name })}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('field.product')} name="productId" errors={errors}>
        <select name="productId" value={v.productId} onChange={set('productId')}>
          <option value="">{t('field.anyProduct')}</option>
          {props.products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('field.basis')} name="basis" errors={errors}>
        <select name="basis" value={v.basis} onChange={set('basis')}>
          {contract.RULE_BASES.map((basis) => (
            <option key={basis} value={basis}>
              {t(`basis.${basis}`)}
            </option>
          ))}
        </select>
      </Field>
      {v.basis === 'flat' ? (
        <Field label={t('field.flat')} name="flat" errors={errors}>
          <input
            name="flat"
            type="number"
            min="0"
            step="any"
            value={v.flat}
            onChange={set('flat')}
          />
        </Field>
      ) : (
        <>
          <Field label={t('field.rate')} name="rate" errors={errors}>
            <input
              name="rate"
              type="number"
              min="0"
              step="any"
              value={v.rate}
              onChange={set('rate')}
            />
          </Field>
          <Field
            label={t('field.renewal')}
            name="renewal"
            errors={errors}
            hint={t('field.renewalHint')}
          >
            <input
              name="renewal"
              type="number"
              min="0"
              step="any"
              value={v.renewal}
              onChange={set('renewal')}
            />
          </Field>
        </>
      )}
      <Field label={t('field.recurrence')} name="recurrence" errors={errors}>
        <select name="recurrence" value={v.recurrence} onChange={set('recurrence')}>
          {contract.RULE_RECURRENCES.map((r) => (
            <option key={r} value={r}>
              {t(`recurrence.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label={t('field.maxMonths')}
        name="maxMonths"
        errors={errors}
        hint={t('field.maxMonthsHint')}
      >
        <input
          name="maxMonths"
          type="number"
          min="1"
          step="1"
          value={v.maxMonths}
          onChange={set('maxMonths')}
        />
      </Field>
      <Field label={t('field.bounty')} name="bounty" errors={errors}>
        <input
          name="bounty"
          type="number"
          min="0"
          step="any"
          value={v.bounty}
          onChange={set('bounty')}
        />
      </Field>
      <Field label={t('field.currency')} name="currency" errors={errors}>
        <select name="currency" value={v.currency} onChange={set('currency')}>
          {CURRENCIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('field.from')} name="from" errors={errors} hint={t('field.fromHint')}>
        <input name="from" type="date" value={v.from} onChange={set('from')} />
      </Field>
      <Field label={t('field.to')} name="to" errors={errors} hint={t('field.toHint')}>
        <input name="to" type="date" value={v.to} onChange={set('to')} />
      </Field>
    </FormPanel>
  );
}

import { contract } from '@qudao/client';
import { useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useApiMutation } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { useBusinessText } from '../business/business.messages.ts';
import { CURRENCIES, formatMoney, minorDigits, toMinor } from '../business/money.ts';
import { EmptyState } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Named } from './commission-rules.tsx';
import { useRulesText } from './rules.messages.ts';

const TIERS = ['silver', 'gold', 'platinum'] as const;
type Tier = (typeof TIERS)[number];
const METRICS = ['revenue', 'activeCustomers', 'certifiedUsers', 'winRate'] as const;
type Metric = (typeof METRICS)[number];
type Values = Record<`${Tier}.${Metric}`, string>;

function toValues(rules: contract.TierRules | null): Values {
  const currency = rules?.currency ?? 'USD';
  const out = {} as Values;
  for (const tier of TIERS) {
    const r = rules?.requirements[tier];
    out[`${tier}.revenue`] = r ? String(r.revenueMinor / 10 ** minorDigits(currency)) : '0';
    out[`${tier}.activeCustomers`] = String(r?.activeCustomers ?? 0);
    out[`${tier}.certifiedUsers`] = String(r?.certifiedUsers ?? 0);
    out[`${tier}.winRate`] = String((r?.winRateBps ?? 0) / 100);
  }
  return out;
}

const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** The requirements of each tier, the revenue window and the grace before a demotion. */
export function TierRulesForm({ rules }: { rules: contract.TierRules | null }) {
  const t = useRulesText();
  const b = useBusinessText();
  const { role } = useSession();
  const [top, setTop] = useState({
    currency: rules?.currency ?? 'USD',
    revenueMonths: String(rules?.revenueMonths ?? 12),
    gracePeriods: String(rules?.gracePeriods ?? 1),
  });
  const [values, setValues] = useState<Values>(() => toValues(rules));
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useApiMutation(
    (client, body: contract.TierRulesInput) => client.tierRules.setRules({ body }),
    [['tier-rules']],
  );
  const editable = mayCall(role, 'tierRules.setRules');
  const submit = () => {
    const requirements = Object.fromEntries(
      TIERS.map((tier) => [
        tier,
        {
          revenueMinor: toMinor(values[`${tier}.revenue`], top.currency),
          activeCustomers: number(values[`${tier}.activeCustomers`]),
          certifiedUsers: number(values[`${tier}.certifiedUsers`]),
          winRateBps: Math.round(number(values[`${tier}.winRate`]) * 100),
        },
      ]),
    );
    const parsed = check(contract.TierRulesSchema, {
      currency: top.currency,
      revenueMonths: number(top.revenueMonths),
      gracePeriods: number(top.gracePeriods),
      requirements,
    });
    if (!parsed.ok) {
      // A requirement's problem is named by its tier and metric, as the form's fields are.
      const result = contract.TierRulesSchema.safeParse({ ...top, requirements });
      const found: FieldErrors = { ...parsed.errors };
      for (const issue of result.success ? [] : result.error.issues) {
        const [root, tier, field] = issue.path.map(String);
        if (root !== 'requirements' || !tier || !field) continue;
        const metric = field.replace(/Minor$|Bps$/, '');
        found[`${tier}.${metric}`] ??= issue.code;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    save.mutate(parsed.value);
  };
  return (
    <FormPanel
      title={t('tiers.title')}
      submit={t('tiers.save')}
      busy={save.isPending || !editable}
      error={save.error}
      testId="tier-rules-form"
      onSubmit={submit}
    >
      {rules === null ? <p className="muted">{t('tiers.unset')}</p> : null}
      <Field label={t('tiers.currency')} name="currency" errors={errors} hint={t('tiers.hint')}>
        <select
          name="currency"
          value={top.currency}
          disabled={!editable}
          onChange={(e) => setTop({ ...top, currency: e.target.value })}
        >
          {[...new Set([...CURRENCIES, top.currency])].map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('tiers.revenueMonths')} name="revenueMonths" errors={errors}>
        <input
          name="revenueMonths"
          type="number"
          min="1"
          max="36"
          readOnly={!editable}
          value={top.revenueMonths}
          onChange={(e) => setTop({ ...top, revenueMonths: e.target.value })}
        />
      </Field>
      <Field label={t('tiers.gracePeriods')} name="gracePeriods" errors={errors}>
        <input
          name="gracePeriods"
          type="number"
          min="0"
          max="12"
          readOnly={!editable}
          value={top.gracePeriods}
          onChange={(e) => setTop({ ...top, gracePeriods: e.target.value })}
        />
      </Field>
      {TIERS.flatMap((tier) =>
        METRICS.map((metric) => {
          const name = `${tier}.${metric}` as const;
          return (
            <Field
              key={name}
              label={t(`tiers.${metric}`, { tier: b(`tier.${tier}`) })}
              name={name}
              errors={errors}
            >
              <input
                name={name}
                type="number"
                min="0"
                step="any"
                readOnly={!editable}
                value={values[name]}
                onChange={(e) => setValues({ ...values, [name]: e.target.value })}
              />
            </Field>
          );
        }),
      )}
      {save.isSuccess && !save.isPending ? (
        <p className="muted" role="status" data-testid="tier-rules-saved">
          {t('tiers.saved')}
        </p>
      ) : null}
    </FormPanel>
  );
}

type Review = contract.TierReviewView;

/** Every tier review made at a period close: promotions, demotions, grace. */
export function TierReviewList(props: {
  reviews: readonly Review[];
  partners: Named;
  currency: string;
}) {
  const t = useRulesText();
  const b = useBusinessText();
  const f = useFormat();
  const { locale } = useI18n();
  const name = (id: string) => props.partners.find((p) => p.id === id)?.name ?? id;
  const tier = (x: string) => b(`tier.${x as 'silver'}`);
  const columns: Column<Review>[] = [
    {
      id: 'at',
      header: t('col.at'),
      cell: (r) => f.dateTime(r.at),
      value: (r) => r.at,
      cellClassName: 'nowrap',
    },
    {
      id: 'partner',
      header: t('col.partner'),
      cell: (r) => name(r.partnerId),
      value: (r) => name(r.partnerId),
      cellClassName: 'strong',
    },
    { id: 'before', header: t('col.before'), cell: (r) => tier(r.tierBefore) },
    { id: 'after', header: t('col.after'), cell: (r) => tier(r.tierAfter) },
    { id: 'qualified', header: t('col.qualified'), cell: (r) => tier(r.qualifiedTier) },
    {
      id: 'action',
      header: t('col.action'),
      cell: (r) => (
        <span
          className={`badge ${r.action === 'demoted' ? 'missed' : r.action === 'promoted' ? 'ok' : ''}`}
        >
          {t(`action.${r.action}`)}
        </span>
      ),
      value: (r) => t(`action.${r.action}`),
    },
    {
      id: 'revenue',
      header: t('col.revenue'),
      cell: (r) => formatMoney(r.metrics.revenueMinor, props.currency, locale),
      value: (r) => r.metrics.revenueMinor,
      className: 'num',
    },
  ];
  return (
    <section className="panel flush">
      <h2>{t('reviews.title')}</h2>
      {props.reviews.length === 0 ? (
        <EmptyState>{t('reviews.empty')}</EmptyState>
      ) : (
        <DataTable
          rows={props.reviews}
          columns={columns}
          rowKey={(r) => r.id}
          testId="tier-reviews"
          label={t('reviews.label')}
          initialSort={{ column: 'at', direction: 'descending' }}
          rowProps={(r) => ({ 'data-action': r.action })}
        />
      )}
    </section>
  );
}

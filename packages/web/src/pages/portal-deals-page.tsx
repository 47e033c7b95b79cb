import { contract, type Deal } from '@qudao/client';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { formatMoney, toMinor } from '../business/money.ts';
import { usePortalText } from '../business/portal.messages.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useI18n } from '../i18n/i18n.tsx';

function DealForm() {
  const t = usePortalText();
  const [v, setV] = useState({ company: '', value: '0', currency: 'CNY' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useApiMutation(
    (client, body: contract.CreateDealInput) => client.deals.create({ body }),
    [['deals']],
  );
  const submit = () => {
    const parsed = check(contract.CreateDealSchema, {
      company: v.company,
      valueMinor: toMinor(v.value, v.currency),
      currency: v.currency,
    });
    setErrors(
      parsed.ok
        ? {}
        : Object.fromEntries(
            Object.entries(parsed.errors).map(([k, c]) => [k === 'valueMinor' ? 'value' : k, c]),
          ),
    );
    if (parsed.ok)
      create.mutate(parsed.value, { onSuccess: () => setV((s) => ({ ...s, company: '' })) });
  };
  return (
    <FormPanel
      title={t('deals.register')}
      submit={t('deals.submit')}
      busy={create.isPending}
      error={create.error}
      testId="deal-form"
      onSubmit={submit}
    >
      <Field label={t('deals.company')} name="company" errors={errors}>
        <input
          name="company"
          value={v.company}
          onChange={(e) => setV({ ...v, company: e.target.value })}
        />
      </Field>
      <Field label={t('deals.value')} name="value" errors={errors}>
        <input
          name="value"
          type="number"
          min="0"
          step="any"
          value={v.value}
          onChange={(e) => setV({ ...v, value: e.target.value })}
        />
      </Field>
      <Field label={t('deals.currency')} name="currency" errors={errors}>
        <select
          name="currency"
          value={v.currency}
          onChange={(e) => setV({ ...v, currency: e.target.value })}
        >
          {['CNY', 'USD', 'EUR'].map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </Field>
    </FormPanel>
  );
}

function DealsTable({ deals }: { deals: Deal[] }) {
  const t = usePortalText();
  const { locale } = useI18n();
  return (
    <TableWrap>
      <table className="data-table" data-testid="deals-table">
        <thead>
          <tr>
            <th>{t('deals.company')}</th>
            <th>{t('deals.stage')}</th>
            <th>{t('deals.registration')}</th>
            <th className="num">{t('deals.value')}</th>
          </tr>
        </thead>
        <tbody>
          {deals.map((d) => (
            <tr key={d.id} data-deal={d.company}>
              <td className="strong">{d.company}</td>
              <td>{t(`stage.${d.stage}`)}</td>
              <td>{t(`registration.${d.registration}`)}</td>
              <td className="num">{formatMoney(d.valueMinor, d.currency, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** A partner's deals: register one (it waits for the owner's approval), follow them all. */
export function PortalDealsPage() {
  const t = usePortalText();
  const state = useApiQuery(['deals'], (client) => client.deals.list());
  return (
    <div className="page" data-testid="page-portal-deals">
      <PageHeader title={t('deals.title')} subtitle={t('deals.subtitle')} />
      <DealForm />
      <section className="panel flush">
        <AsyncContent state={state}>
          {(deals) =>
            deals.length === 0 ? (
              <EmptyState>{t('deals.empty')}</EmptyState>
            ) : (
              <DealsTable deals={deals} />
            )
          }
        </AsyncContent>
      </section>
    </div>
  );
}

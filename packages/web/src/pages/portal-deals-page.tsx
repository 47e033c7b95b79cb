import { contract, type Deal } from '@qudao/client';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { toMinor } from '../business/money.ts';
import { usePortalText } from '../business/portal.messages.ts';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { DealBoard } from '../deals/deal-board.tsx';
import { useDealsText } from '../deals/deals.messages.ts';

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

/** Accept or decline a lead the owner offered. */
function OfferActions({ deal }: { deal: Deal }) {
  const t = useDealsText();
  const answer = useApiMutation(
    (client, step: 'accept' | 'decline') => client.deals[step]({ params: { dealId: deal.id } }),
    [['deals']],
  );
  if (deal.registration !== 'offered') return null;
  return (
    <>
      <p className="muted small-text">{t('card.offeredHint')}</p>
      <div className="action-row">
        <button
          type="button"
          className="button small primary"
          disabled={answer.isPending}
          aria-label={`${t('card.accept')} ${deal.company}`}
          onClick={() => answer.mutate('accept')}
        >
          {t('card.accept')}
        </button>
        <button
          type="button"
          className="button small"
          disabled={answer.isPending}
          aria-label={`${t('card.decline')} ${deal.company}`}
          onClick={() => answer.mutate('decline')}
        >
          {t('card.decline')}
        </button>
      </div>
      {answer.error ? <ErrorBox error={answer.error} /> : null}
    </>
  );
}

/**
 * A partner's deals: register one (it waits for the owner's approval), answer leads the owner
 * offered, move its deals through the stages on its board.
 */
export function PortalDealsPage() {
  const t = usePortalText();
  const d = useDealsText();
  const state = useApiQuery(['deals'], (client) => client.deals.list());
  return (
    <div className="page biz" data-testid="page-portal-deals">
      <PageHeader title={t('deals.title')} subtitle={t('deals.subtitle')} />
      <DealForm />
      <AsyncContent state={state}>
        {(deals) =>
          deals.length === 0 ? (
            <EmptyState>{t('deals.empty')}</EmptyState>
          ) : (
            <section className="panel" aria-label={d('portal.board')}>
              <h2>{d('portal.board')}</h2>
              <p className="muted">{d('portal.moveHint')}</p>
              <DealBoard
                testId="portal-deal-board"
                linkBase="/portal/deals/"
                deals={deals}
                registration={(deal) => t(`registration.${deal.registration}`)}
                canMove={(deal) => deal.registration !== 'offered'}
                actions={(deal) => <OfferActions deal={deal} />}
              />
            </section>
          )
        }
      </AsyncContent>
    </div>
  );
}

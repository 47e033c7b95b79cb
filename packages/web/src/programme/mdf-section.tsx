import { contract, type QudaoClient } from '@qudao/client';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { formatMoney, toMinor } from '../business/money.ts';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useProgrammeText } from './partner-programme.messages.ts';

type Mdf = Awaited<ReturnType<QudaoClient['programme']['listMdf']>>[number];

/** Field errors of a schema checked on minor units, named as the form's fields. */
const renamed = (errors: FieldErrors, from: string, to: string): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([k, c]) => [k === from ? to : k, c]));

function RequestForm() {
  const t = useProgrammeText();
  const [v, setV] = useState({ purpose: '', amount: '', currency: 'USD' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const request = useApiMutation(
    (client, body: contract.MdfRequestInput) => client.programme.requestMdf({ body }),
    [['mdf']],
  );
  const submit = () => {
    const parsed = check(contract.MdfRequestSchema, {
      purpose: v.purpose,
      amountMinor: toMinor(v.amount, v.currency),
      currency: v.currency,
    });
    setErrors(parsed.ok ? {} : renamed(parsed.errors, 'amountMinor', 'amount'));
    if (parsed.ok)
      request.mutate(parsed.value, {
        onSuccess: () => setV((s) => ({ ...s, purpose: '', amount: '' })),
      });
  };
  return (
    <FormPanel
      title={t('mdf.request')}
      submit={t('mdf.submit')}
      busy={request.isPending}
      error={request.error}
      testId="mdf-form"
      onSubmit={submit}
    >
      <Field label={t('mdf.purpose')} name="purpose" errors={errors}>
        <input
          name="purpose"
          value={v.purpose}
          onChange={(e) => setV({ ...v, purpose: e.target.value })}
        />
      </Field>
      <Field label={t('mdf.amount')} name="amount" errors={errors}>
        <input
          name="amount"
          type="number"
          min="0"
          step="any"
          value={v.amount}
          onChange={(e) => setV({ ...v, amount: e.target.value })}
        />
      </Field>
      <Field label={t('mdf.currency')} name="currency" errors={errors}>
        <select
          name="currency"
          value={v.currency}
          onChange={(e) => setV({ ...v, currency: e.target.value })}
        >
          {['USD', 'CNY', 'EUR'].map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </Field>
    </FormPanel>
  );
}

/** Claim an approved fund: the amount spent (at most the approved one) and the proof. */
function ClaimForm({ mdf }: { mdf: Mdf }) {
  const t = useProgrammeText();
  const [spent, setSpent] = useState('');
  const [proof, setProof] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const claim = useApiMutation(
    (client, body: contract.MdfClaimInput) =>
      client.programme.claimMdf({ params: { mdfId: mdf.id }, body }),
    [['mdf']],
  );
  return (
    <form
      className="claim-form"
      aria-label={t('mdf.claimLabel', { purpose: mdf.purpose })}
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = check(contract.MdfClaimSchema, {
          spentMinor: toMinor(spent, mdf.currency),
          proof,
        });
        setErrors(parsed.ok ? {} : renamed(parsed.errors, 'spentMinor', 'spent'));
        if (parsed.ok) claim.mutate(parsed.value);
      }}
    >
      <Field label={t('mdf.spent')} name="spent" errors={errors}>
        <input
          name="spent"
          type="number"
          min="0"
          step="any"
          value={spent}
          onChange={(e) => setSpent(e.target.value)}
        />
      </Field>
      <Field label={t('mdf.proof')} name="proof" errors={errors}>
        <input name="proof" value={proof} onChange={(e) => setProof(e.target.value)} />
      </Field>
      <button type="submit" className="button small primary" disabled={claim.isPending}>
        {t('mdf.claim')}
      </button>
      {claim.error ? <ErrorBox error={claim.error} /> : null}
    </form>
  );
}

/** The partner's marketing development funds: request, then claim once approved. */
export function MdfSection() {
  const t = useProgrammeText();
  const { locale } = useI18n();
  const list = useApiQuery(['mdf'], (client) => client.programme.listMdf());
  return (
    <>
      <RequestForm />
      <section className="panel flush" data-testid="mdf">
        <h2>{t('mdf.title')}</h2>
        <AsyncContent state={list}>
          {(items) =>
            items.length === 0 ? (
              <EmptyState>{t('mdf.empty')}</EmptyState>
            ) : (
              <TableWrap>
                <table className="data-table" data-testid="mdf-table">
                  <thead>
                    <tr>
                      <th>{t('mdf.col.purpose')}</th>
                      <th className="num">{t('mdf.col.amount')}</th>
                      <th>{t('mdf.col.status')}</th>
                      <th className="num">{t('mdf.col.spent')}</th>
                      <th>{t('mdf.col.claim')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((m) => (
                      <tr key={m.id} data-mdf={m.purpose} data-status={m.status}>
                        <td className="strong">{m.purpose}</td>
                        <td className="num">{formatMoney(m.amountMinor, m.currency, locale)}</td>
                        <td>
                          <span className={`badge mdf-${m.status}`}>
                            {t(`mdf.status.${m.status}`)}
                          </span>
                        </td>
                        <td className="num">
                          {m.spentMinor === null
                            ? '–'
                            : formatMoney(m.spentMinor, m.currency, locale)}
                        </td>
                        <td>{m.status === 'approved' ? <ClaimForm mdf={m} /> : null}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )
          }
        </AsyncContent>
      </section>
    </>
  );
}

import { useState } from 'react';
import { useApiQuery } from '../app/query.ts';
import { AsyncContent } from '../components/async-content.tsx';
import { Field } from '../components/form.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { CreditNoteForm, CreditNoteList, type Names } from '../payouts/credit-notes.tsx';
import { PayoutRunForm, PayoutRunList } from '../payouts/payout-runs.tsx';
import { PayoutSettings } from '../payouts/payout-settings.tsx';
import { usePayoutsText } from '../payouts/payouts.messages.ts';
import { EarningsSection } from '../programme/earnings-section.tsx';

/** A partner's earnings (its commission lines, and the clawbacks credit notes cause). */
function PartnerEarnings(props: { partners: readonly { id: string; name: string }[] }) {
  const t = usePayoutsText();
  const [partnerId, setPartnerId] = useState('');
  return (
    <>
      <section className="panel" data-testid="partner-earnings">
        <div className="form-grid">
          <Field label={t('earnings.partner')} name="earningsPartner">
            <select
              name="earningsPartner"
              value={partnerId}
              onChange={(e) => setPartnerId(e.target.value)}
            >
              <option value="">{t('earnings.pick')}</option>
              {props.partners.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </section>
      {partnerId ? <EarningsSection key={partnerId} partnerId={partnerId} /> : null}
    </>
  );
}

/**
 * Payouts: the holding period and minimums, payout runs (checked in shadow, then paid; a balance
 * under the minimum is carried over), each run's file; credit notes on invoices.
 */
export function PayoutsPage() {
  const t = usePayoutsText();
  const settings = useApiQuery(['payout-settings'], (client) => client.payouts.getSettings());
  const runs = useApiQuery(['payout-runs'], (client) => client.payouts.listRuns());
  const notes = useApiQuery(['credit-notes'], (client) => client.payouts.listCreditNotes());
  const invoices = useApiQuery(['invoices'], (client) => client.billing.listInvoices());
  const partners = useApiQuery(['partners'], (client) => client.channels.listPartners());
  const customers = useApiQuery(['customers'], (client) => client.channels.listCustomers());
  const partnerNames = new Map((partners.data ?? []).map((p) => [p.id, p.name]));
  const customerNames = new Map((customers.data ?? []).map((c) => [c.id, c.name]));
  const names: Names = {
    customer: (id) => customerNames.get(id) ?? id,
    partner: (id) => (id ? (partnerNames.get(id) ?? id) : t('direct')),
  };
  const initialInvoice = new URLSearchParams(window.location.search).get('invoice');
  const partnerList = partners.data ?? [];
  return (
    <div className="page biz" data-testid="page-payouts">
      <PageHeader title={t('payouts.title')} subtitle={t('payouts.subtitle')} />
      <AsyncContent state={settings}>{(s) => <PayoutSettings settings={s} />}</AsyncContent>
      <PayoutRunForm partners={partnerList} name={names.partner} />
      <AsyncContent state={runs}>
        {(list) => <PayoutRunList runs={list} name={names.partner} />}
      </AsyncContent>
      <AsyncContent state={invoices}>
        {(list) => <CreditNoteForm invoices={list} names={names} initialInvoice={initialInvoice} />}
      </AsyncContent>
      <AsyncContent state={notes}>
        {(list) => <CreditNoteList notes={list} names={names} />}
      </AsyncContent>
      <PartnerEarnings partners={partnerList} />
    </div>
  );
}

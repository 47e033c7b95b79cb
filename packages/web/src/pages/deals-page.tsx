import type { Deal, Partner } from '@qudao/client';
import { useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { DealBoard } from '../deals/deal-board.tsx';
import { DealForm } from '../deals/deal-form.tsx';
import { useDealsText } from '../deals/deals.messages.ts';

/** Approve or reject a pending registration; offer an open direct lead to a partner. */
function StaffActions({ deal, partners }: { deal: Deal; partners: Partner[] }) {
  const t = useDealsText();
  const [partnerId, setPartnerId] = useState('');
  const params = { dealId: deal.id };
  const decide = useApiMutation(
    (client, step: 'approve' | 'reject') => client.deals[step]({ params }),
    [['deals']],
  );
  const offer = useApiMutation(
    (client, body: { partnerId: string }) => client.deals.offer({ params, body }),
    [['deals']],
  );
  const open = deal.stage !== 'won' && deal.stage !== 'lost';
  return (
    <>
      {deal.registration === 'pending' ? (
        <div className="action-row">
          <button
            type="button"
            className="button small primary"
            disabled={decide.isPending}
            aria-label={`${t('card.approve')} ${deal.company}`}
            onClick={() => decide.mutate('approve')}
          >
            {t('card.approve')}
          </button>
          <button
            type="button"
            className="button small"
            disabled={decide.isPending}
            aria-label={`${t('card.reject')} ${deal.company}`}
            onClick={() => decide.mutate('reject')}
          >
            {t('card.reject')}
          </button>
        </div>
      ) : null}
      {deal.registration === 'direct' && !deal.partnerId && open && partners.length > 0 ? (
        <div className="offer-row">
          <select
            name="offerTo"
            aria-label={t('card.offerLabel', { company: deal.company })}
            value={partnerId}
            onChange={(e) => setPartnerId(e.target.value)}
          >
            <option value="">{t('card.offerTo')}</option>
            {partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button small"
            disabled={!partnerId || offer.isPending}
            onClick={() => offer.mutate({ partnerId })}
          >
            {t('card.offer')}
          </button>
        </div>
      ) : null}
      {decide.error ? <ErrorBox error={decide.error} /> : null}
      {offer.error ? <ErrorBox error={offer.error} /> : null}
    </>
  );
}

/** The staff's pipeline: every deal by stage, registrations to decide, leads to offer. */
export function DealsPage() {
  const t = useDealsText();
  const { role } = useSession();
  const deals = useApiQuery(['deals'], (client) => client.deals.list());
  const partners = useApiQuery(['partners'], (client) => client.channels.listPartners());
  const [partnerFilter, setPartnerFilter] = useState('');
  const [onlyPending, setOnlyPending] = useState(false);
  const writes = mayCall(role, 'deals.move');
  return (
    <div className="page biz" data-testid="page-deals">
      <PageHeader title={t('pipeline.title')} subtitle={t('pipeline.subtitle')} />
      {mayCall(role, 'deals.create') ? (
        <DealForm
          title={t('pipeline.newLead')}
          submit={t('pipeline.add')}
          testId="lead-form"
          source="direct"
          currencies={['USD', 'CNY', 'EUR']}
        />
      ) : null}
      <AsyncContent state={partners}>
        {(partnerList) => (
          <AsyncContent state={deals}>
            {(all) => {
              const names = new Map(partnerList.map((p) => [p.id, p.name]));
              const shown = all.filter(
                (d) =>
                  (partnerFilter === '' ||
                    (partnerFilter === 'direct'
                      ? d.partnerId === null
                      : d.partnerId === partnerFilter)) &&
                  (!onlyPending || d.registration === 'pending'),
              );
              return (
                <>
                  <div className="panel filter-bar">
                    <label className="field inline">
                      <span className="field-label">{t('pipeline.filterPartner')}</span>
                      <select
                        name="partnerFilter"
                        value={partnerFilter}
                        onChange={(e) => setPartnerFilter(e.target.value)}
                      >
                        <option value="">{t('pipeline.allPartners')}</option>
                        <option value="direct">{t('pipeline.direct')}</option>
                        {partnerList.map((p) => (
                          <option key={p.id} value={p.id}>
                            {p.name}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label className="check">
                      <input
                        type="checkbox"
                        name="onlyPending"
                        checked={onlyPending}
                        onChange={(e) => setOnlyPending(e.target.checked)}
                      />
                      <span>{t('pipeline.onlyPending')}</span>
                    </label>
                  </div>
                  {all.length === 0 ? (
                    <EmptyState>{t('pipeline.empty')}</EmptyState>
                  ) : (
                    <DealBoard
                      testId="deal-board"
                      linkBase="/deals/"
                      deals={shown}
                      allDeals={all}
                      partnerName={(id) => (id ? (names.get(id) ?? id) : t('card.direct'))}
                      registration={(d) => t(`reg.${d.registration}`)}
                      canMove={() => writes}
                      actions={
                        writes ? (d) => <StaffActions deal={d} partners={partnerList} /> : undefined
                      }
                    />
                  )}
                </>
              );
            }}
          </AsyncContent>
        )}
      </AsyncContent>
    </div>
  );
}

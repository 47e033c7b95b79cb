import type { Deal } from '@qudao/client';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { usePortalText } from '../business/portal.messages.ts';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { DealBoard } from '../deals/deal-board.tsx';
import { DealForm } from '../deals/deal-form.tsx';
import { useDealsText } from '../deals/deals.messages.ts';

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
      <DealForm
        title={t('deals.register')}
        submit={t('deals.submit')}
        testId="deal-form"
        currencies={['CNY', 'USD', 'EUR']}
      />
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

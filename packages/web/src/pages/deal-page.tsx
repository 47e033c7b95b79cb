import type { Deal } from '@qudao/client';
import { Link } from 'react-router';
import { useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { formatMoney } from '../business/money.ts';
import { usePortalText } from '../business/portal.messages.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { useDealsText } from '../deals/deals.messages.ts';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** The deal events that have words; any other is shown as recorded. */
const EVENTS = new Set([
  'registration_approved',
  'registration_rejected',
  'offer_accepted',
  'offer_declined',
  'registration_expiring',
  'registration_expired',
  'extension_requested',
  'extension_approved',
  'extension_rejected',
  'protection_overridden',
]);

function History({ dealId }: { dealId: string }) {
  const t = useDealsText();
  const f = useFormat();
  const events = useApiQuery(['partner-events', dealId], (client) =>
    client.referrals.listEvents({ query: { subjectId: dealId } }),
  );
  return (
    <section className="panel" data-testid="deal-history">
      <h2>{t('deal.history')}</h2>
      <AsyncContent state={events}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState>{t('deal.noHistory')}</EmptyState>
          ) : (
            <ol className="trail">
              {[...list]
                .sort((a, b) => a.at.localeCompare(b.at))
                .map((e) => (
                  <li key={e.id} data-action={e.action}>
                    <span className="strong">
                      {EVENTS.has(e.action) ? (
                        t(`event.${e.action}` as 'event.offer_accepted')
                      ) : (
                        <code>{e.action}</code>
                      )}
                    </span>{' '}
                    <span className="muted">
                      {f.dateTime(e.at)} · <code>{e.actor}</code>
                    </span>
                  </li>
                ))}
            </ol>
          )
        }
      </AsyncContent>
    </section>
  );
}

function Facts({ deal, partnerName }: { deal: Deal; partnerName: string | null }) {
  const t = useDealsText();
  const portal = usePortalText();
  const f = useFormat();
  const { locale } = useI18n();
  const rows: [string, string][] = [
    [t('deal.value'), formatMoney(deal.valueMinor, deal.currency, locale)],
    [t('deal.stage'), portal(`stage.${deal.stage}`)],
    [t('deal.registration'), t(`reg.${deal.registration}`)],
    [t('deal.source'), t(`source.${deal.source}`)],
    [t('deal.created'), f.dateTime(deal.createdAt)],
  ];
  if (partnerName) rows.splice(3, 0, [t('deal.partner'), partnerName]);
  if (deal.qualifiedAt) rows.push([t('deal.qualified'), f.dateTime(deal.qualifiedAt)]);
  if (deal.proposalAt) rows.push([t('deal.proposal'), f.dateTime(deal.proposalAt)]);
  if (deal.closedAt) rows.push([t('deal.closed'), f.dateTime(deal.closedAt)]);
  if (deal.approvedAt) rows.push([t('deal.approved'), f.dateTime(deal.approvedAt)]);
  rows.push([
    t('deal.protection'),
    deal.protection === 'active' && deal.protectedUntil
      ? t('card.protectedUntil', { date: f.dateTime(deal.protectedUntil) })
      : deal.protection === 'expired'
        ? t('card.protectionExpired')
        : t('deal.protectionNone'),
  ]);
  if (deal.extension)
    rows.push([
      '',
      t('deal.extension', { days: deal.extension.days, status: t(`ext.${deal.extension.status}`) }),
    ]);
  if (deal.overrideReason) rows.push(['', t('deal.override', { reason: deal.overrideReason })]);
  return (
    <section className="panel" data-testid="deal-facts" data-stage={deal.stage}>
      <h2>{t('deal.facts')}</h2>
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={`${label}${value}`} className="fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** One deal at its own URL: its stages with their dates, its registration and its history. */
export function DealPage({ dealId, portal }: { dealId: string; portal: boolean }) {
  const t = useDealsText();
  const { role } = useSession();
  const deals = useApiQuery(['deals'], (client) => client.deals.list());
  // Staff see the partner's name; a partner's deals are all its own.
  const partners = useApiQuery(['partners'], (client) => client.channels.listPartners(), {
    enabled: !portal && role !== 'partner',
  });
  const back = portal ? '/portal/deals' : '/deals';
  return (
    <div className="page biz" data-testid="page-deal">
      <AsyncContent state={deals}>
        {(list) => {
          const deal = list.find((d) => d.id === dealId);
          const partnerName = deal?.partnerId
            ? (partners.data?.find((p) => p.id === deal.partnerId)?.name ?? null)
            : null;
          return (
            <>
              <Link className="back-link" to={back}>
                {portal ? t('deal.backPortal') : t('deal.back')}
              </Link>
              {deal ? (
                <>
                  <PageHeader title={deal.company} />
                  <div className="detail-grid">
                    <Facts deal={deal} partnerName={partnerName} />
                    <History dealId={deal.id} />
                  </div>
                </>
              ) : (
                <EmptyState>{t('deal.missing')}</EmptyState>
              )}
            </>
          );
        }}
      </AsyncContent>
    </div>
  );
}

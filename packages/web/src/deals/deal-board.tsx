import { contract, type Deal } from '@qudao/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { useClient } from '../app/api-context.tsx';
import { formatMoney } from '../business/money.ts';
import { usePortalText } from '../business/portal.messages.ts';
import { EmptyState, ErrorBox } from '../components/async-content.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useDealsText } from './deals.messages.ts';
import './deals.css';

type Stage = Deal['stage'];
const STAGES = contract.DEAL_STAGES;

/**
 * Where a deal may go from each stage: lead → qualified → proposal → won, or to lost from any
 * open stage. The server decides (409 `deals.bad_transition`); the board only offers these.
 */
export const NEXT_STAGES: Record<Stage, readonly Stage[]> = {
  lead: ['qualified', 'lost'],
  qualified: ['proposal', 'lost'],
  proposal: ['won', 'lost'],
  won: [],
  lost: [],
};

/** Moves a deal, shown at once on the board (optimistic) and put back if the server refuses. */
export function useMoveDeal() {
  const client = useClient();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (input: { deal: Deal; stage: Stage }) =>
      client.deals.move({ params: { dealId: input.deal.id }, body: { stage: input.stage } }),
    onMutate: async ({ deal, stage }) => {
      await queries.cancelQueries({ queryKey: ['deals'] });
      const before = queries.getQueryData<Deal[]>(['deals']);
      queries.setQueryData<Deal[]>(['deals'], (list) =>
        list?.map((d) => (d.id === deal.id ? { ...d, stage } : d)),
      );
      return { before };
    },
    onError: (_error, _input, context) => {
      if (context?.before) queries.setQueryData(['deals'], context.before);
    },
    onSettled: () => queries.invalidateQueries({ queryKey: ['deals'] }),
  });
}

export interface DealBoardProps {
  deals: Deal[];
  /** Every deal the viewer may see, to name the earlier registration a card conflicts with. */
  allDeals?: Deal[];
  partnerName?: (partnerId: string | null) => string;
  registration: (deal: Deal) => string;
  canMove: (deal: Deal) => boolean;
  /** Buttons of a card (approve, offer, accept…). */
  actions?: (deal: Deal) => ReactNode;
  testId: string;
  /** Each card's name links to the deal's own page: this prefix and its id. */
  linkBase: string;
}

function Card(
  props: DealBoardProps & {
    deal: Deal;
    onMove: (stage: Stage) => void;
    onDrag: (d: Deal | null) => void;
  },
) {
  const { deal } = props;
  const t = useDealsText();
  const portal = usePortalText();
  const f = useFormat();
  const { locale } = useI18n();
  const movable = props.canMove(deal) && NEXT_STAGES[deal.stage].length > 0;
  const earlier = deal.conflictDealId
    ? (props.allDeals ?? props.deals).find((d) => d.id === deal.conflictDealId)
    : undefined;
  return (
    <article
      className={`deal-card${movable ? ' movable' : ''}`}
      data-deal={deal.company}
      data-deal-id={deal.id}
      data-stage={deal.stage}
      draggable={movable}
      onDragStart={(event: DragEvent) => {
        event.dataTransfer.setData('text/plain', deal.id);
        event.dataTransfer.effectAllowed = 'move';
        props.onDrag(deal);
      }}
      onDragEnd={() => props.onDrag(null)}
    >
      <h3>
        {/* Not draggable itself: a drag that starts on the name moves the card. */}
        <Link to={`${props.linkBase}${encodeURIComponent(deal.id)}`} draggable={false}>
          {deal.company}
        </Link>
      </h3>
      <div className="deal-meta">
        <span className="strong">{formatMoney(deal.valueMinor, deal.currency, locale)}</span>
        {props.partnerName && deal.partnerId ? (
          <span className="muted">{props.partnerName(deal.partnerId)}</span>
        ) : null}
      </div>
      <span className={`badge reg-${deal.registration}`}>{props.registration(deal)}</span>
      {deal.conflictDealId ? (
        <p className="deal-warning" data-testid="deal-conflict">
          {earlier
            ? t('card.conflict', {
                company: earlier.company,
                partner: props.partnerName?.(earlier.partnerId) ?? '',
              })
            : t('card.conflictUnknown')}
        </p>
      ) : null}
      {deal.protection === 'active' && deal.protectedUntil ? (
        <p className="muted small-text">
          {t('card.protectedUntil', { date: f.dateTime(deal.protectedUntil) })}
        </p>
      ) : null}
      {deal.protection === 'expired' ? (
        <p className="muted small-text">{t('card.protectionExpired')}</p>
      ) : null}
      {movable ? (
        <label className="move-to">
          <span className="field-label">{t('card.moveTo')}</span>
          <select
            name="moveTo"
            aria-label={t('card.moveLabel', { company: deal.company })}
            value=""
            onChange={(e) => {
              if (e.target.value) props.onMove(e.target.value as Stage);
            }}
          >
            <option value="">{t('card.stay')}</option>
            {NEXT_STAGES[deal.stage].map((s) => (
              <option key={s} value={s}>
                {portal(`stage.${s}`)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {props.actions ? <div className="deal-actions">{props.actions(deal)}</div> : null}
    </article>
  );
}

/**
 * Deals in one column per stage. A card moves by HTML5 drag and drop onto a column it may go
 * to, or by its "Move to" list (keyboards, touch screens); either calls `POST /deals/:id/stage`.
 */
export function DealBoard(props: DealBoardProps) {
  const t = useDealsText();
  const portal = usePortalText();
  const move = useMoveDeal();
  const [dragging, setDragging] = useState<Deal | null>(null);
  const [over, setOver] = useState<Stage | null>(null);
  const [announce, setAnnounce] = useState('');
  const moveTo = (deal: Deal, stage: Stage) => {
    if (!NEXT_STAGES[deal.stage].includes(stage)) return;
    move.mutate(
      { deal, stage },
      {
        onSuccess: () =>
          setAnnounce(
            t('pipeline.moved', { company: deal.company, stage: portal(`stage.${stage}`) }),
          ),
      },
    );
  };
  const allowed = (stage: Stage) =>
    dragging !== null && NEXT_STAGES[dragging.stage].includes(stage);
  return (
    <div className="deal-board-wrap">
      {move.error ? <ErrorBox error={move.error} /> : null}
      <p className="sr-only" aria-live="polite" data-testid="board-announce">
        {announce}
      </p>
      <div className="deal-board" data-testid={props.testId}>
        {STAGES.map((stage) => {
          const cards = props.deals.filter((d) => d.stage === stage);
          const target = allowed(stage);
          return (
            <section
              key={stage}
              className={`deal-column${target ? ' drop-ok' : ''}${over === stage && target ? ' drop-over' : ''}${dragging && !target && dragging.stage !== stage ? ' drop-no' : ''}`}
              data-column={stage}
              aria-label={portal(`stage.${stage}`)}
              onDragOver={(event) => {
                if (!target) return;
                event.preventDefault();
                event.dataTransfer.dropEffect = 'move';
                setOver(stage);
              }}
              onDragLeave={() => setOver((s) => (s === stage ? null : s))}
              onDrop={(event) => {
                event.preventDefault();
                const id = event.dataTransfer.getData('text/plain');
                const deal = props.deals.find((d) => d.id === id) ?? dragging;
                setDragging(null);
                setOver(null);
                if (deal) moveTo(deal, stage);
              }}
            >
              <header className="deal-column-head">
                <h2>{portal(`stage.${stage}`)}</h2>
                <span className="muted">{t('column.count', { count: cards.length })}</span>
              </header>
              {cards.length === 0 ? (
                <EmptyState>{t('column.empty')}</EmptyState>
              ) : (
                // A stage of many deals scrolls inside its column (every card holds a link and
                // controls, so the keyboard reaches the scrolled ones).
                <div className="deal-column-cards">
                  {cards.map((deal) => (
                    <Card
                      key={deal.id}
                      {...props}
                      deal={deal}
                      onDrag={setDragging}
                      onMove={(s) => moveTo(deal, s)}
                    />
                  ))}
                </div>
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}

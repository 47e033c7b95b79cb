import type { ChannelReport } from '@qudao/client';
import { useState } from 'react';
import { useApi } from '../app/api-context.tsx';
import { money, pct, useChannelsText } from '../channels/messages.ts';
import { AsyncContent } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';

function Stage(props: { title: string; children: string }) {
  return (
    <section className="panel" data-testid="channels-stage">
      <h2>{props.title}</h2>
      <p>{props.children}</p>
    </section>
  );
}

function Report({ r }: { r: ChannelReport }) {
  const t = useChannelsText();
  return (
    <>
      <section className="panel">
        <h2>{t('channels.strategy')}</h2>
        <p>{t('channels.chosen', { chosen: r.strategy.chosen, observed: r.strategy.observed })}</p>
        {r.strategy.targets.length > 0 ? (
          <table className="data-table">
            <thead>
              <tr>
                <th>KPI</th>
                <th className="num">{t('channels.target')}</th>
                <th className="num">{t('channels.actual')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {r.strategy.targets.map((x) => (
                <tr key={x.kpi}>
                  <td>{x.kpi}</td>
                  <td className="num">{x.target}</td>
                  <td className="num">{x.actual ?? '–'}</td>
                  <td>{x.met === null ? '–' : x.met ? t('channels.met') : t('channels.missed')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <Stage title={t('channels.coverage')}>
        {t('channels.coverageText', {
          share: pct(r.marketCoverage.coverage),
          covered: r.marketCoverage.coveredCells.length,
          cells: r.marketCoverage.targetCells,
          customers: r.marketCoverage.activeCustomers,
          partners: r.marketCoverage.activePartners,
        })}
      </Stage>
      <Stage title={t('channels.reach')}>
        {t('channels.reachText', {
          leads: r.brandReach.leads,
          share: pct(r.brandReach.partnerSourcedShare),
        })}
      </Stage>
      <Stage title={t('channels.relations')}>
        {t('channels.relationsText', {
          csat: r.customerRelations.csat,
          nps: r.customerRelations.nps,
          complaints: r.customerRelations.complaints,
          hours: r.customerRelations.meanResolutionHours,
        })}
      </Stage>
      <Stage title={t('channels.efficiency')}>
        {t('channels.efficiencyText', {
          won: r.salesEfficiency.won,
          lost: r.salesEfficiency.lost,
          rate: pct(r.salesEfficiency.winRate),
          days: r.salesEfficiency.meanCycleDays,
        })}
      </Stage>
      <section className="panel flush">
        <h2>{t('channels.profitability')}</h2>
        <table className="data-table" data-testid="channels-profitability">
          <thead>
            <tr>
              <th>{t('channels.col.name')}</th>
              <th className="num">{t('channels.col.revenue')}</th>
              <th className="num">{t('channels.col.commission')}</th>
              <th className="num">{t('channels.col.compute')}</th>
              <th className="num">{t('channels.col.margin')}</th>
            </tr>
          </thead>
          <tbody>
            {r.profitability.byChannel.map((row) => (
              <tr key={`${row.name}-${row.currency}`}>
                <td className="strong">{row.name}</td>
                <td className="num">{money(row.revenueMinor, row.currency)}</td>
                <td className="num">{money(row.commissionMinor, row.currency)}</td>
                <td className="num">{money(row.computeCostMinor, row.currency)}</td>
                <td className="num">{money(row.marginMinor, row.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

/** The channel KPI report (owner, admins, analysts). */
export function ChannelsPage() {
  const t = useChannelsText();
  // No period: the server's default, the last complete month (the current one is mostly empty).
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const state = useApi(
    (client) => client.reports.channels({ query: period ? { period } : {} }),
    period ?? '',
  );
  const shown = period ?? state.data?.period.start.slice(0, 7) ?? '';
  return (
    <div className="page" data-testid="page-channels">
      <PageHeader
        title={t('channels.title')}
        subtitle={t('channels.subtitle')}
        actions={
          <label>
            {t('channels.period')}{' '}
            <input
              type="month"
              value={shown}
              onChange={(e) => e.target.value && setPeriod(e.target.value)}
            />
          </label>
        }
      />
      <AsyncContent state={state}>{(r) => <Report r={r} />}</AsyncContent>
    </div>
  );
}

import type { ChannelReport } from '@qudao/client';
import { useState } from 'react';
import { useApiQuery } from '../app/query.ts';
import { formatMoney } from '../business/money.ts';
import { CoverageMap } from '../channels/coverage-map.tsx';
import { PartnerLeaderboard } from '../channels/leaderboard.tsx';
import { type ChannelsKey, pct, useChannelsText } from '../channels/messages.ts';
import { StrategyFlow } from '../channels/strategy-flow.tsx';
import { ChannelTrends } from '../channels/trends.tsx';
import { AsyncContent } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useI18n } from '../i18n/i18n.tsx';

function Stage(props: { title: string; children: string }) {
  return (
    <section className="panel" data-testid="channels-stage">
      <h2>{props.title}</h2>
      <p>{props.children}</p>
    </section>
  );
}

/** The KPIs of the strategy targets; those not listed here are scores, not shares. */
const KPI_KEYS = [
  'coverage',
  'partnerSourcedShare',
  'winRate',
  'csat',
  'nps',
  'complaintRate',
  'marginShare',
];
const KNOWN_CHANNELS = ['direct', 'reseller', 'referral', 'integrator', 'marketplace'];
const SHARES = ['coverage', 'partnerSourcedShare', 'winRate', 'complaintRate', 'marginShare'];

/** A KPI value as people read it: shares as percentages, CSAT with two decimals, NPS whole. */
function kpiValue(kpi: string, value: number | null, locale: string): string {
  if (value === null) return '–';
  if (SHARES.includes(kpi)) return pct(value);
  if (kpi === 'nps') return Math.round(value).toLocaleString(locale);
  return value.toLocaleString(locale, { maximumFractionDigits: 2 });
}

function Report({ r }: { r: ChannelReport }) {
  const t = useChannelsText();
  const { locale } = useI18n();
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  return (
    <>
      <section className="panel">
        <h2>{t('channels.strategy')}</h2>
        <p>
          {t('channels.chosen', {
            chosen: t(`mode.${r.strategy.chosen}`),
            observed: t(`mode.${r.strategy.observed}`),
          })}
        </p>
        {r.strategy.targets.length > 0 ? (
          <TableWrap>
            <table className="data-table" data-testid="channels-kpis">
              <thead>
                <tr>
                  <th>{t('channels.kpi')}</th>
                  <th className="num">{t('channels.target')}</th>
                  <th className="num">{t('channels.actual')}</th>
                  <th>{t('channels.result')}</th>
                </tr>
              </thead>
              <tbody>
                {r.strategy.targets.map((x) => (
                  <tr key={x.kpi} data-kpi={x.kpi}>
                    <td>{KPI_KEYS.includes(x.kpi) ? t(`kpi.${x.kpi}` as ChannelsKey) : x.kpi}</td>
                    <td className="num">{kpiValue(x.kpi, x.target, locale)}</td>
                    <td className="num">{kpiValue(x.kpi, x.actual, locale)}</td>
                    <td>
                      {x.met === null ? (
                        '–'
                      ) : (
                        <span className={x.met ? 'badge ok' : 'badge missed'} data-met={x.met}>
                          {x.met ? `✓ ${t('channels.met')}` : `✗ ${t('channels.missed')}`}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        ) : (
          <p className="muted">{t('channels.noTargets')}</p>
        )}
      </section>
      <StrategyFlow report={r} />
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
          csat: r.customerRelations.csat === null ? null : r.customerRelations.csat.toFixed(2),
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
      <CoverageMap report={r} />
      <ChannelTrends report={r} />
      <PartnerLeaderboard report={r} />
      <section className="panel flush">
        <h2 className="panel-title">{t('channels.profitability')}</h2>
        <TableWrap>
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
                  <td className="strong">
                    {KNOWN_CHANNELS.includes(row.name)
                      ? t(`ch.${row.name}` as ChannelsKey)
                      : row.name}
                  </td>
                  <td className="num">{money(row.revenueMinor, row.currency)}</td>
                  <td className="num">{money(row.commissionMinor, row.currency)}</td>
                  <td className="num">{money(row.computeCostMinor, row.currency)}</td>
                  <td className="num">{money(row.marginMinor, row.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
    </>
  );
}

/** The channel KPI report (owner, admins, analysts). */
export function ChannelsPage() {
  const t = useChannelsText();
  // No period: the server's default, the last complete month (the current one is mostly empty).
  const [period, setPeriod] = useState<string | undefined>(undefined);
  // The default report is cached under its month too, so the trend reuses it.
  const state = useApiQuery(['channel-report', period ?? 'default'], (client) =>
    client.reports.channels({ query: period ? { period } : {} }),
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

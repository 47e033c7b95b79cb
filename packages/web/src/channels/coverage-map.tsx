import { type ChannelReport, contract, type MarketCell } from '@qudao/client';
import { useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { CURRENCIES, formatMoney, toMinor } from '../business/money.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { check, Field, type FieldErrors, FormPanel } from '../components/form.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useChannelsText } from './messages.ts';

const { AddMarketCellSchema } = contract;

/** Demand shading: the cell's share of the largest cell's demand (same currency), 0.12..1. */
function shade(cell: MarketCell, cells: MarketCell[]): number {
  const top = Math.max(
    ...cells.filter((c) => c.currency === cell.currency).map((c) => c.demandMinor),
    1,
  );
  return 0.12 + 0.88 * (cell.demandMinor / top);
}

function Grid({ cells, report }: { cells: MarketCell[]; report: ChannelReport }) {
  const t = useChannelsText();
  const { locale } = useI18n();
  const covered = new Set(report.marketCoverage.coveredCells);
  const regions = [...new Set(cells.map((c) => c.region))].sort();
  const industries = [...new Set(cells.map((c) => c.industry))].sort();
  const at = (region: string, industry: string) =>
    cells.find((c) => c.region === region && c.industry === industry);
  return (
    <TableWrap>
      <table className="data-table coverage-map" data-testid="coverage-map">
        <thead>
          <tr>
            <th>{t('map.region')}</th>
            {industries.map((industry) => (
              // The names are the user's data, not words of the console (data-value).
              <th key={industry} data-value={industry}>
                {industry}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {regions.map((region) => (
            <tr key={region}>
              <th scope="row" data-value={region}>
                {region}
              </th>
              {industries.map((industry) => {
                const cell = at(region, industry);
                if (!cell) return <td key={industry} className="map-none" />;
                const isCovered = covered.has(`${region} × ${industry}`);
                const demand = formatMoney(cell.demandMinor, cell.currency, locale);
                const state = isCovered ? t('map.covered') : t('map.uncovered');
                return (
                  <td
                    key={industry}
                    className={`map-cell ${isCovered ? 'map-covered' : 'map-uncovered'}`}
                    data-cell={`${region} × ${industry}`}
                    data-covered={isCovered}
                    style={{ '--demand': shade(cell, cells).toFixed(3) } as React.CSSProperties}
                    title={t('map.cell', { region, industry, demand, state })}
                  >
                    <span aria-hidden="true">{isCovered ? '✓' : '✗'}</span>{' '}
                    <span className="map-demand">{demand}</span>
                    <span className="visually-hidden">{state}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function AddCellForm() {
  const t = useChannelsText();
  const [v, setV] = useState({ region: '', industry: '', demand: '', currency: 'USD' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const add = useApiMutation(
    (client, body: contract.MarketCellInput) => client.market.addCell({ body }),
    [['market-cells'], ['channel-report']],
  );
  const set = (field: keyof typeof v) => (value: string) => setV((x) => ({ ...x, [field]: value }));
  const submit = () => {
    const parsed = check(AddMarketCellSchema, {
      region: v.region,
      industry: v.industry,
      demandMinor: v.demand.trim() === '' ? Number.NaN : toMinor(v.demand, v.currency),
      currency: v.currency,
    });
    setErrors(parsed.ok ? {} : parsed.errors);
    if (parsed.ok)
      add.mutate(parsed.value, {
        onSuccess: () => setV((x) => ({ ...x, region: '', industry: '', demand: '' })),
      });
  };
  return (
    <FormPanel
      title={t('map.add')}
      submit={t('map.add')}
      busy={add.isPending}
      error={add.error}
      testId="market-cell-form"
      onSubmit={submit}
    >
      <Field label={t('map.region')} name="region" errors={errors}>
        <input name="region" value={v.region} onChange={(e) => set('region')(e.target.value)} />
      </Field>
      <Field label={t('map.industry')} name="industry" errors={errors}>
        <input
          name="industry"
          value={v.industry}
          onChange={(e) => set('industry')(e.target.value)}
        />
      </Field>
      <Field label={t('map.demand')} name="demandMinor" errors={errors}>
        <input
          name="demand"
          inputMode="decimal"
          value={v.demand}
          onChange={(e) => set('demand')(e.target.value)}
        />
      </Field>
      <Field label={t('map.currency')} name="currency" errors={errors}>
        <select
          name="currency"
          value={v.currency}
          onChange={(e) => set('currency')(e.target.value)}
        >
          {CURRENCIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </Field>
    </FormPanel>
  );
}

/** The market's target cells as a region × industry heat map, covered or not this month. */
export function CoverageMap({ report }: { report: ChannelReport }) {
  const t = useChannelsText();
  const { role } = useSession();
  const state = useApiQuery(['market-cells'], (client) => client.market.listCells());
  return (
    <>
      <section className="panel flush">
        <h2 className="panel-title">{t('map.title')}</h2>
        <p className="muted panel-intro">{t('map.caption')}</p>
        <AsyncContent state={state}>
          {(cells) =>
            cells.length === 0 ? (
              <EmptyState>{t('map.empty')}</EmptyState>
            ) : (
              <Grid cells={cells} report={report} />
            )
          }
        </AsyncContent>
      </section>
      {mayCall(role, 'market.addCell') ? <AddCellForm /> : null}
    </>
  );
}

import type { contract } from '@qudao/client';
import { useState } from 'react';
import { mayCall } from '../app/access.ts';
import { useApiMutation, useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { SegmentedControl } from '../components/segmented-control.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { type EndpointKey, useEndpointText } from './endpoint.messages.ts';

const HOURS = ['1', '24', '168'] as const;
type Hours = (typeof HOURS)[number];
const SIDES = ['primary', 'canary', 'shadow'];

/** Calls, throughput, errors and latency per version and side, from the prediction log. */
export function LivePanel({ name }: { name: string }) {
  const t = useEndpointText();
  const f = useFormat();
  const [hours, setHours] = useState<Hours>('24');
  // The log is written a few milliseconds after each call: the figures refresh on their own.
  const live = useApiQuery(
    ['endpoint-live', name, hours],
    (client) => client.monitoring.live({ params: { name }, query: { hours: Number(hours) } }),
    { refetchInterval: 10_000 },
  );
  const side = (arm: string) => (SIDES.includes(arm) ? t(`side.${arm}` as EndpointKey) : arm);
  return (
    <section className="panel" data-testid="live-panel">
      <div className="panel-head">
        <h2>{t('live.title')}</h2>
        <SegmentedControl
          label={t('live.hours')}
          value={hours}
          onChange={setHours}
          options={HOURS.map((h) => ({ value: h, label: t(`live.hours.${h}` as EndpointKey) }))}
        />
      </div>
      <AsyncContent state={live}>
        {(data) =>
          data.versions.length === 0 ? (
            <EmptyState>{t('live.empty')}</EmptyState>
          ) : (
            <TableWrap>
              <table className="data-table compact" data-testid="live-table">
                <thead>
                  <tr>
                    <th>{t('live.col.version')}</th>
                    <th>{t('live.col.side')}</th>
                    <th className="num">{t('live.col.calls')}</th>
                    <th className="num">{t('live.col.throughput')}</th>
                    <th className="num">{t('live.col.errors')}</th>
                    <th className="num">{t('live.col.p50')}</th>
                    <th className="num">{t('live.col.p95')}</th>
                    <th className="num">{t('live.col.accuracy')}</th>
                    <th className="num">{t('live.col.agreement')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.versions.map((v) => (
                    <tr
                      key={`${v.model}:${v.version}:${v.arm}`}
                      data-arm={v.arm}
                      data-version={v.version}
                    >
                      <td>
                        <code>
                          {v.model} v{v.version}
                        </code>
                      </td>
                      <td>{side(v.arm)}</td>
                      <td className="num" data-calls>
                        {f.integer(v.calls)}
                      </td>
                      <td className="num">{f.decimal(v.calls / (Number(hours) * 60), 2)}</td>
                      <td className="num">
                        {v.errorRate === null ? '—' : f.percent(v.errorRate, 1)}
                      </td>
                      <td className="num">{f.latency(v.latencyP50)}</td>
                      <td className="num">{f.latency(v.latencyP95)}</td>
                      <td className="num" title={t('live.labels', { count: v.feedback })}>
                        {v.accuracy === null ? '—' : f.percent(v.accuracy, 1)}
                      </td>
                      <td className="num">
                        {v.agreement === null ? '—' : f.percent(v.agreement, 1)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )
        }
      </AsyncContent>
    </section>
  );
}

const KINDS = ['drift', 'canary.rolled_back', 'retrain.failed'];

/** The endpoint's alerts (drift, rolled-back canaries, failed retraining) and a drift check. */
export function AlertsPanel({ name }: { name: string }) {
  const t = useEndpointText();
  const f = useFormat();
  const { role } = useSession();
  const alerts = useApiQuery(['alerts', name], (client) =>
    client.monitoring.alerts({ query: { endpoint: name, limit: 50 } }),
  );
  const [report, setReport] = useState<contract.DriftReportView | null>(null);
  const checkDrift = useApiMutation(
    (client) => client.monitoring.checkDrift({ params: { name } }),
    [['alerts', name]],
  );
  const kind = (k: string) => (KINDS.includes(k) ? t(`kind.${k}` as EndpointKey) : k);
  return (
    <section className="panel" data-testid="alerts-panel">
      <div className="panel-head">
        <h2>{t('alerts.title')}</h2>
        {mayCall(role, 'monitoring.checkDrift') ? (
          <button
            type="button"
            className="button small"
            data-testid="check-drift"
            disabled={checkDrift.isPending}
            onClick={() => checkDrift.mutate(undefined, { onSuccess: setReport })}
          >
            {t('alerts.check')}
          </button>
        ) : null}
      </div>
      {checkDrift.error ? <ErrorBox error={checkDrift.error} /> : null}
      {report ? (
        <p
          className={report.drifted ? 'warning' : 'ok-note'}
          role="status"
          data-testid="drift-result"
        >
          {report.enough
            ? t('alerts.checked', { version: report.version, share: f.percent(report.share, 0) })
            : t('alerts.notEnough', {
                version: report.version,
                rows: report.columns[0]?.currentRows ?? 0,
                min: 200,
              })}{' '}
          {report.enough ? (report.drifted ? t('alerts.drifted') : t('alerts.steady')) : null}
        </p>
      ) : null}
      <AsyncContent state={alerts}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState>{t('alerts.empty')}</EmptyState>
          ) : (
            <TableWrap>
              <table className="data-table compact" data-testid="alerts-table">
                <thead>
                  <tr>
                    <th>{t('alerts.col.when')}</th>
                    <th>{t('alerts.col.kind')}</th>
                    <th>{t('alerts.col.version')}</th>
                    <th>{t('alerts.col.message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((a) => (
                    <tr key={a.id} data-alert={a.kind}>
                      <td className="nowrap" title={f.dateTime(a.at)}>
                        {f.relative(a.at)}
                      </td>
                      <td>{kind(a.kind)}</td>
                      <td>{a.version === null ? '—' : `v${a.version}`}</td>
                      <td>{a.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )
        }
      </AsyncContent>
    </section>
  );
}

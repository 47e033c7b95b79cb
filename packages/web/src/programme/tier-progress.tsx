import type { QudaoClient } from '@qudao/client';
import { useApiQuery } from '../app/query.ts';
import { useBusinessText } from '../business/business.messages.ts';
import { AsyncContent } from '../components/async-content.tsx';
import { type Formatters, useFormat } from '../i18n/format.ts';
import { useProgrammeText } from './partner-programme.messages.ts';

type Progress = Awaited<ReturnType<QudaoClient['tierRules']['progress']>>;
type Metric = keyof Progress['metrics'];

const METRICS: {
  key: Metric;
  label: 'tier.revenue' | 'tier.activeCustomers' | 'tier.certifiedUsers' | 'tier.winRate';
}[] = [
  { key: 'revenueMinor', label: 'tier.revenue' },
  { key: 'activeCustomers', label: 'tier.activeCustomers' },
  { key: 'certifiedUsers', label: 'tier.certifiedUsers' },
  { key: 'winRateBps', label: 'tier.winRate' },
];

/**
 * A metric as the partner reads it. Revenue is in the tier rules' currency, which this route
 * does not name: shown as an amount in major units.
 */
function show(f: Formatters, key: Metric, value: number): string {
  if (key === 'revenueMinor') return f.decimal(value / 100);
  if (key === 'winRateBps') return f.percent(value / 10_000, 0);
  return f.integer(value);
}

/** Where the partner stands against its next tier's requirements, metric by metric. */
export function TierProgressSection({ partnerId }: { partnerId: string }) {
  const t = useProgrammeText();
  const b = useBusinessText();
  const f = useFormat();
  const progress = useApiQuery(['tier-progress', partnerId], (client) =>
    client.tierRules.progress({ params: { partnerId } }),
  );
  return (
    <section className="panel" data-testid="tier-progress">
      <h2>{t('tier.title')}</h2>
      <AsyncContent state={progress}>
        {(p) => (
          <>
            <p className="tier-line">
              <span className={`badge tier-${p.tier}`}>
                {t('tier.current', { tier: b(`tier.${p.tier}`) })}
              </span>{' '}
              {p.nextTier ? (
                <span className="muted">{t('tier.next', { tier: b(`tier.${p.nextTier}`) })}</span>
              ) : null}
            </p>
            <p className="muted small-text">
              {p.asOf ? t('tier.asOf', { date: f.dateTime(p.asOf) }) : t('tier.noClose')}
            </p>
            {p.nextTier === null ? (
              <p>{t('tier.top')}</p>
            ) : !p.requirements || !p.missing ? (
              <p className="muted">{t('tier.noRules')}</p>
            ) : (
              <ul className="tier-bars">
                {METRICS.filter(({ key }) => (p.requirements?.[key] ?? 0) > 0).map(
                  ({ key, label }) => {
                    const required = p.requirements![key];
                    const value = p.metrics[key];
                    const missing = p.missing![key];
                    const share = Math.min(1, required > 0 ? value / required : 1);
                    return (
                      <li key={key} data-metric={key} data-met={missing <= 0}>
                        <div className="tier-bar-head">
                          <span className="strong">{t(label)}</span>
                          <span className="muted">
                            {t('tier.of', {
                              value: show(f, key, value),
                              required: show(f, key, required),
                            })}
                            {' · '}
                            {missing <= 0
                              ? t('tier.met')
                              : t('tier.missing', { value: show(f, key, missing) })}
                          </span>
                        </div>
                        <div
                          className="tier-track"
                          role="progressbar"
                          aria-label={t(label)}
                          aria-valuemin={0}
                          aria-valuemax={100}
                          aria-valuenow={Math.round(share * 100)}
                        >
                          <div
                            className={`tier-fill${missing <= 0 ? ' met' : ''}`}
                            style={{ width: `${share * 100}%` }}
                          />
                        </div>
                      </li>
                    );
                  },
                )}
              </ul>
            )}
            {p.graceUsed > 0 ? (
              <p className="warning">
                {t('tier.grace', { used: p.graceUsed, allowed: p.gracePeriods })}
              </p>
            ) : null}
          </>
        )}
      </AsyncContent>
    </section>
  );
}

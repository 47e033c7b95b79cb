import type { LabelingItem, LabelingOrder, LabelingStats } from '@qudao/client';
import { useCallback, useEffect, useState } from 'react';
import { useApiErrorHandler, useClient } from '../app/api-context.tsx';
import { useApiQuery } from '../app/query.ts';
import { PageHeader } from '../components/page-header.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ItemView } from '../labeling/item-view.tsx';
import { useLabelKeys } from '../labeling/use-label-keys.ts';

const LABELER_KEY = 'qudao.labeler';

function StatsPanel({ stats }: { stats: LabelingStats }) {
  const { t } = useI18n();
  return (
    <section className="panel" data-testid="labeling-stats">
      <p>
        {t('labeling.progress', { answered: String(stats.answered), items: String(stats.items) })}
        {stats.disputed > 0
          ? ` · ${t('labeling.disputed', { count: String(stats.disputed) })}`
          : ''}
      </p>
      {stats.agreement.map((a) => (
        <p key={a.labelers.join('+')}>
          {t('labeling.kappa', {
            who: a.labelers.join(' & '),
            items: String(a.items),
            kappa: a.kappa.toFixed(2),
          })}
        </p>
      ))}
    </section>
  );
}

/** The labeling queue for people: one item at a time, a click or a key per answer. */
export function LabelingPage({ initialDataset }: { initialDataset: string | null }) {
  const { t } = useI18n();
  const client = useClient();
  const handleError = useApiErrorHandler();
  const datasets = useApiQuery(['datasets'], (c) => c.data.list());
  const [dataset, setDataset] = useState(initialDataset ?? '');
  const [labeler, setLabeler] = useState(() => localStorage.getItem(LABELER_KEY) ?? '');
  const [order, setOrder] = useState<LabelingOrder>('order');
  const [double, setDouble] = useState(false);
  // `<model>@<version>` that scores the queue for least-confident-first order.
  const [model, setModel] = useState('');
  const [item, setItem] = useState<LabelingItem | null>(null);
  const [remaining, setRemaining] = useState<number | null>(null);
  const [stats, setStats] = useState<LabelingStats | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (!dataset && datasets.data?.[0]) setDataset(datasets.data[0].name);
  }, [dataset, datasets]);

  const fail = useCallback(
    (error: unknown) => setMessage(handleError(error).message),
    [handleError],
  );

  const load = useCallback(async () => {
    if (!dataset || !labeler) return;
    try {
      const next = await client.labeling.next({
        params: { name: dataset },
        query: { labeler, order, answersPerItem: double ? 2 : 1 },
      });
      setItem(next.item);
      setRemaining(next.remaining);
      setStats(await client.labeling.stats({ params: { name: dataset } }));
    } catch (error) {
      fail(error);
    }
  }, [client, dataset, labeler, order, double, fail]);

  const open = async () => {
    setMessage(null);
    localStorage.setItem(LABELER_KEY, labeler);
    try {
      const scoring = order === 'least-confident' && model.trim() ? model.trim() : undefined;
      await client.labeling.open({
        params: { name: dataset },
        body: { rows: double ? 'all' : 'unlabeled', model: scoring },
      });
      await load();
    } catch (error) {
      fail(error);
    }
  };

  const answer = useCallback(
    async (label: string) => {
      if (!item) return;
      try {
        await client.labeling.answer({
          params: { name: dataset },
          body: { itemId: item.id, labeler, label },
        });
        await load();
      } catch (error) {
        fail(error);
      }
    },
    [client, dataset, item, labeler, load, fail],
  );
  // Skipping serves another open item: switch to random order so the same one is unlikely.
  const skip = useCallback(() => {
    setOrder('random');
    void load();
  }, [load]);
  useLabelKeys(item?.classes ?? [], answer, skip);

  const exportVersion = async () => {
    try {
      const version = await client.labeling.export({ params: { name: dataset } });
      setMessage(
        t('labeling.exported', {
          ref: `${version.dataset}@${version.version}`,
          changed: String(version.changed),
        }),
      );
    } catch (error) {
      fail(error);
    }
  };

  return (
    <div className="page" data-testid="page-labeling">
      <PageHeader title={t('labeling.title')} subtitle={t('labeling.subtitle')} />
      <section className="panel">
        <div className="form-row">
          <label>
            {t('labeling.dataset')}{' '}
            <select
              value={dataset}
              onChange={(e) => setDataset(e.target.value)}
              data-testid="labeling-dataset"
            >
              {(datasets.data ?? []).map((d) => (
                <option key={d.name} value={d.name}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            {t('labeling.labeler')}{' '}
            <input
              value={labeler}
              onChange={(e) => setLabeler(e.target.value)}
              data-testid="labeling-labeler"
            />
          </label>{' '}
          <label>
            {t('labeling.order')}{' '}
            <select value={order} onChange={(e) => setOrder(e.target.value as LabelingOrder)}>
              <option value="order">{t('labeling.order.order')}</option>
              <option value="random">{t('labeling.order.random')}</option>
              <option value="least-confident">{t('labeling.order.leastConfident')}</option>
            </select>
          </label>{' '}
          {order === 'least-confident' ? (
            <>
              <input
                value={model}
                onChange={(e) => setModel(e.target.value)}
                placeholder="model@version"
                title={t('labeling.order.leastConfident')}
                data-testid="labeling-model"
              />{' '}
            </>
          ) : null}
          <label>
            <input type="checkbox" checked={double} onChange={(e) => setDouble(e.target.checked)} />{' '}
            {t('labeling.double')}
          </label>{' '}
          <button type="button" className="button" disabled={!dataset || !labeler} onClick={open}>
            {t('labeling.start')}
          </button>{' '}
          <button
            type="button"
            className="button ghost"
            disabled={!dataset}
            onClick={exportVersion}
          >
            {t('labeling.export')}
          </button>
        </div>
        {message ? <p className="form-message">{message}</p> : null}
      </section>
      {item ? (
        <section className="panel" data-testid="labeling-item">
          <p className="muted">
            {t('labeling.itemInfo', { row: String(item.row), remaining: String(remaining ?? 0) })}
            {item.currentLabel ? ` · ${t('labeling.current', { label: item.currentLabel })}` : ''}
          </p>
          <ItemView item={item} />
          <div className="label-buttons">
            {item.classes.map((c, i) => (
              <button
                key={c}
                type="button"
                className="button"
                onClick={() => answer(c)}
                data-testid={`label-${c}`}
              >
                <kbd>{i + 1}</kbd> {c}
              </button>
            ))}
            <button type="button" className="button ghost" onClick={skip}>
              <kbd>S</kbd> {t('labeling.skip')}
            </button>
          </div>
        </section>
      ) : remaining === 0 ? (
        <section className="panel">
          <p>{t('labeling.done')}</p>
        </section>
      ) : null}
      {stats ? <StatsPanel stats={stats} /> : null}
    </div>
  );
}

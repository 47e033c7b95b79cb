import type { Model, ModelVersion } from '@qudao/client';
import { useApiQuery } from '../app/query.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** Versions of every model, models by name and each model's newest version first. */
export function sortVersions(models: Model[]): ModelVersion[] {
  return [...models]
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((model) => [...model.versions].sort((a, b) => b.version - a.version));
}

function ModelsTable({ models }: { models: Model[] }) {
  const { t } = useI18n();
  const f = useFormat();
  const rows = sortVersions(models);
  const newest = new Map(
    models.map((m) => [m.name, Math.max(...m.versions.map((v) => v.version))]),
  );
  return (
    <TableWrap>
      <table className="data-table" data-testid="models-table">
        <thead>
          <tr>
            <th>{t('models.col.model')}</th>
            <th className="num">{t('models.col.version')}</th>
            <th>{t('models.col.template')}</th>
            <th>{t('models.col.dataset')}</th>
            <th className="num">{t('models.col.accuracy')}</th>
            <th className="num">{t('models.col.loss')}</th>
            <th className="num">{t('models.col.throughput')}</th>
            <th className="num">{t('models.col.trainTime')}</th>
            <th>{t('models.col.backend')}</th>
            <th>{t('models.col.created')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v, i) => {
            const firstOfModel = i === 0 || rows[i - 1].model !== v.model;
            return (
              <tr
                key={`${v.model}@${v.version}`}
                className={firstOfModel && i > 0 ? 'group-start' : undefined}
                data-model={v.model}
                data-version={v.version}
              >
                <td className={firstOfModel ? 'strong' : 'muted'}>{v.model}</td>
                <td className="num">
                  {newest.get(v.model) === v.version ? (
                    <span className="badge badge-latest">{t('models.latest')}</span>
                  ) : null}
                  <span className="version-tag">v{v.version}</span>
                </td>
                <td>
                  <code>{v.template}</code>
                </td>
                <td>
                  {v.dataset}
                  <span className="muted">@{v.datasetVersion}</span>
                </td>
                <td className="num strong">{f.percent(v.metrics.test?.accuracy ?? Number.NaN)}</td>
                <td className="num">{f.decimal(v.metrics.test?.loss ?? Number.NaN, 4)}</td>
                <td className="num">{f.integer(v.metrics.trainSamplesPerSecond ?? Number.NaN)}</td>
                <td className="num">{f.duration(v.metrics.trainSeconds ?? Number.NaN)}</td>
                <td>
                  <code>{v.backend}</code>
                </td>
                <td className="nowrap" title={f.dateTime(v.createdAt)}>
                  {f.relative(v.createdAt)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function ModelsPage() {
  const { t } = useI18n();
  const state = useApiQuery(['models'], (client) => client.registry.list());
  const versions = state.data?.reduce((n, m) => n + m.versions.length, 0) ?? 0;
  return (
    <div className="page" data-testid="page-models">
      <PageHeader
        title={t('models.title')}
        subtitle={t('models.subtitle')}
        actions={
          state.data?.length ? (
            <span className="muted">
              {t('models.summary', { models: state.data.length, versions })}
            </span>
          ) : null
        }
      />
      <section className="panel flush">
        <AsyncContent state={state}>
          {(models) =>
            models.some((m) => m.versions.length > 0) ? (
              <ModelsTable models={models.filter((m) => m.versions.length > 0)} />
            ) : (
              <EmptyState>{t('models.empty')}</EmptyState>
            )
          }
        </AsyncContent>
      </section>
    </div>
  );
}

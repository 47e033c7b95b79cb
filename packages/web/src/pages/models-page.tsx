import type { Model, ModelVersion } from '@qudao/client';
import { Link } from 'react-router';
import { useApiQuery } from '../app/query.ts';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { versionPath } from '../registry/alias-panel.tsx';

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
  const columns: Column<ModelVersion>[] = [
    {
      id: 'model',
      header: t('models.col.model'),
      value: (v) => v.model,
      cell: (v) => <Link to={`/models/${encodeURIComponent(v.model)}`}>{v.model}</Link>,
      cellClassName: 'strong',
    },
    {
      id: 'version',
      header: t('models.col.version'),
      className: 'num',
      value: (v) => v.version,
      text: () => '',
      cell: (v) => (
        <>
          {newest.get(v.model) === v.version ? (
            <span className="badge badge-latest">{t('models.latest')}</span>
          ) : null}
          <Link className="version-tag" to={versionPath(v.model, v.version)}>
            v{v.version}
          </Link>
        </>
      ),
    },
    {
      id: 'template',
      header: t('models.col.template'),
      value: (v) => v.template,
      cell: (v) => <code>{v.template}</code>,
    },
    {
      id: 'dataset',
      header: t('models.col.dataset'),
      value: (v) => v.dataset,
      cell: (v) => (
        <>
          {v.dataset}
          <span className="muted">@{v.datasetVersion}</span>
        </>
      ),
    },
    {
      id: 'accuracy',
      header: t('models.col.accuracy'),
      className: 'num',
      cellClassName: 'strong',
      value: (v) => v.metrics.test?.accuracy,
      text: () => '',
      cell: (v) => f.percent(v.metrics.test?.accuracy ?? Number.NaN),
    },
    {
      id: 'loss',
      header: t('models.col.loss'),
      className: 'num',
      value: (v) => v.metrics.test?.loss,
      text: () => '',
      cell: (v) => f.decimal(v.metrics.test?.loss ?? Number.NaN, 4),
    },
    {
      id: 'throughput',
      header: t('models.col.throughput'),
      className: 'num',
      value: (v) => v.metrics.trainSamplesPerSecond,
      text: () => '',
      cell: (v) => f.integer(v.metrics.trainSamplesPerSecond ?? Number.NaN),
    },
    {
      id: 'trainTime',
      header: t('models.col.trainTime'),
      className: 'num',
      value: (v) => v.metrics.trainSeconds,
      text: () => '',
      cell: (v) => f.duration(v.metrics.trainSeconds ?? Number.NaN),
    },
    {
      id: 'backend',
      header: t('models.col.backend'),
      value: (v) => v.backend,
      cell: (v) => <code>{v.backend}</code>,
    },
    {
      id: 'created',
      header: t('models.col.created'),
      value: (v) => v.createdAt,
      text: () => '',
      cellClassName: 'nowrap',
      cell: (v) => <span title={f.dateTime(v.createdAt)}>{f.relative(v.createdAt)}</span>,
    },
  ];
  return (
    <DataTable
      rows={rows}
      columns={columns}
      rowKey={(v) => `${v.model}@${v.version}`}
      testId="models-table"
      label={t('models.title')}
      rowProps={(v, i, shown) => ({
        // Versions of one model are drawn as a group while they sit together.
        className: i > 0 && shown[i - 1]!.model !== v.model ? 'group-start' : undefined,
        'data-model': v.model,
        'data-version': v.version,
      })}
    />
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

import type { Model, ModelVersion } from '@qudao/client';
import { Link } from 'react-router';
import { useApiQuery } from '../app/query.ts';
import { AsyncContent } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { useFormat } from '../i18n/format.ts';
import { AliasPanel, versionPath } from '../registry/alias-panel.tsx';
import { ModelHistory } from '../registry/model-history.tsx';
import { useRegistryText } from '../registry/registry.messages.ts';
import '../ml/ml.css';
import '../registry/registry.css';

function VersionsTable({ model }: { model: Model }) {
  const t = useRegistryText();
  const f = useFormat();
  const aliases = useApiQuery(['model-aliases', model.name], (client) =>
    client.registry.listAliases({ params: { name: model.name } }),
  );
  const aliasesOf = (v: ModelVersion) =>
    (aliases.data ?? []).filter((a) => a.version === v.version).map((a) => a.alias);
  const columns: Column<ModelVersion>[] = [
    {
      id: 'version',
      header: t('model.col.version'),
      className: 'num',
      value: (v) => v.version,
      cell: (v) => (
        <Link to={versionPath(v.model, v.version)} className="version-tag">
          v{v.version}
        </Link>
      ),
    },
    {
      id: 'aliases',
      header: t('model.col.aliases'),
      value: (v) => aliasesOf(v).join(' '),
      cellClassName: 'alias-chips',
      cell: (v) => aliasesOf(v).map((a) => <code key={a}>{a}</code>),
    },
    {
      id: 'template',
      header: t('model.col.template'),
      value: (v) => v.template,
      cell: (v) => <code>{v.template}</code>,
    },
    {
      id: 'dataset',
      header: t('model.col.dataset'),
      value: (v) => v.dataset,
      cell: (v) => (
        <code>
          {v.dataset}@{v.datasetVersion}
        </code>
      ),
    },
    {
      id: 'accuracy',
      header: t('model.col.accuracy'),
      className: 'num',
      value: (v) => v.metrics.test?.accuracy,
      text: () => '',
      cell: (v) => f.percent(v.metrics.test?.accuracy ?? Number.NaN),
    },
    {
      id: 'created',
      header: t('model.col.created'),
      value: (v) => v.createdAt,
      text: () => '',
      cellClassName: 'nowrap',
      cell: (v) => <span title={f.dateTime(v.createdAt)}>{f.relative(v.createdAt)}</span>,
    },
  ];
  return (
    <DataTable
      rows={model.versions}
      columns={columns}
      rowKey={(v) => String(v.version)}
      testId="model-versions"
      label={t('model.versions')}
      initialSort={{ column: 'version', direction: 'descending' }}
      rowProps={(v) => ({ 'data-version': v.version })}
    />
  );
}

/** One model: its versions (each a link), its aliases (set, remove) and its registry history. */
export function ModelPage({ name }: { name: string }) {
  const t = useRegistryText();
  // The list route holds every model with its versions; the page reads its own from it.
  const models = useApiQuery(['models'], (client) => client.registry.list());
  return (
    <div className="page" data-testid="page-model">
      <AsyncContent state={models}>
        {(list) => {
          const model = list.find((m) => m.name === name);
          return (
            <>
              <PageHeader
                title={<span data-value>{name}</span>}
                subtitle={model ? t('model.subtitle', { versions: model.versions.length }) : null}
                actions={
                  <Link className="button" to="/models">
                    {t('model.back')}
                  </Link>
                }
              />
              {model ? (
                <>
                  <section className="panel flush">
                    <h2 className="panel-pad">{t('model.versions')}</h2>
                    <VersionsTable model={model} />
                  </section>
                  <AliasPanel name={name} versions={model.versions} />
                </>
              ) : null}
              <ModelHistory name={name} />
            </>
          );
        }}
      </AsyncContent>
    </div>
  );
}

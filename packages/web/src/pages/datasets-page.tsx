import type { Dataset } from '@qudao/client';
import { Link } from 'react-router';
import { mayCall } from '../app/access.ts';
import { useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { type DatasetsKey, useDatasetsText } from '../datasets/datasets.messages.ts';
import { ImportForm } from '../datasets/import-form.tsx';
import { UploadForm } from '../datasets/upload-form.tsx';
import { useFormat } from '../i18n/format.ts';
import '../ml/ml.css';

function DatasetsTable({ datasets }: { datasets: Dataset[] }) {
  const t = useDatasetsText();
  const f = useFormat();
  const columns: Column<Dataset>[] = [
    {
      id: 'name',
      header: t('col.name'),
      value: (d) => d.name,
      cell: (d) => <Link to={`/datasets/${encodeURIComponent(d.name)}`}>{d.name}</Link>,
      cellClassName: 'strong',
    },
    {
      id: 'kind',
      header: t('col.kind'),
      value: (d) =>
        `${t(`kind.${d.latest.kind}` as DatasetsKey)} · ${t(`task.${d.latest.task}` as DatasetsKey)}`,
      cell: (d) =>
        `${t(`kind.${d.latest.kind}` as DatasetsKey)} · ${t(`task.${d.latest.task}` as DatasetsKey)}`,
    },
    {
      id: 'rows',
      header: t('col.rows'),
      className: 'num',
      value: (d) => d.latest.rowCount,
      cell: (d) => f.integer(d.latest.rowCount),
    },
    {
      id: 'classes',
      header: t('col.classes'),
      className: 'num',
      value: (d) => (d.latest.task === 'regression' ? null : d.latest.classes.length),
      cell: (d) => (d.latest.task === 'regression' ? '—' : d.latest.classes.length),
    },
    {
      id: 'versions',
      header: t('col.versions'),
      className: 'num',
      value: (d) => d.versions,
      cell: (d) => d.versions,
    },
    {
      id: 'created',
      header: t('col.created'),
      value: (d) => d.latest.createdAt,
      text: () => '',
      cellClassName: 'nowrap',
      cell: (d) => (
        <span title={f.dateTime(d.latest.createdAt)}>{f.relative(d.latest.createdAt)}</span>
      ),
    },
  ];
  return (
    <DataTable
      rows={datasets}
      columns={columns}
      rowKey={(d) => d.name}
      testId="datasets-table"
      label={t('list.title')}
      initialSort={{ column: 'name', direction: 'ascending' }}
      rowProps={(d) => ({ 'data-dataset': d.name })}
    />
  );
}

/** Data sets: every one with its latest version; upload a file or import a built-in one. */
export function DatasetsPage() {
  const t = useDatasetsText();
  const { role } = useSession();
  const state = useApiQuery(['datasets'], (client) => client.data.list());
  return (
    <div className="page" data-testid="page-datasets">
      <PageHeader title={t('list.title')} subtitle={t('list.subtitle')} />
      <section className="panel flush">
        <AsyncContent state={state}>
          {(datasets) =>
            datasets.length > 0 ? (
              <DatasetsTable datasets={datasets} />
            ) : (
              <EmptyState>{t('list.empty')}</EmptyState>
            )
          }
        </AsyncContent>
      </section>
      <div className="form-pair">
        {mayCall(role, 'data.upload') ? <UploadForm /> : null}
        {mayCall(role, 'data.importBuiltin') ? <ImportForm /> : null}
      </div>
    </div>
  );
}

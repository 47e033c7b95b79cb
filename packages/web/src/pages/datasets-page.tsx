import type { Dataset } from '@qudao/client';
import { Link } from 'react-router';
import { mayCall } from '../app/access.ts';
import { useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { type DatasetsKey, useDatasetsText } from '../datasets/datasets.messages.ts';
import { ImportForm } from '../datasets/import-form.tsx';
import { UploadForm } from '../datasets/upload-form.tsx';
import { useFormat } from '../i18n/format.ts';
import '../ml/ml.css';

function DatasetsTable({ datasets }: { datasets: Dataset[] }) {
  const t = useDatasetsText();
  const f = useFormat();
  const sorted = [...datasets].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <TableWrap>
      <table className="data-table" data-testid="datasets-table">
        <thead>
          <tr>
            <th>{t('col.name')}</th>
            <th>{t('col.kind')}</th>
            <th className="num">{t('col.rows')}</th>
            <th className="num">{t('col.classes')}</th>
            <th className="num">{t('col.versions')}</th>
            <th>{t('col.created')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((d) => (
            <tr key={d.name} data-dataset={d.name}>
              <td className="strong">
                <Link to={`/datasets/${encodeURIComponent(d.name)}`}>{d.name}</Link>
              </td>
              <td>
                {t(`kind.${d.latest.kind}` as DatasetsKey)} ·{' '}
                {t(`task.${d.latest.task}` as DatasetsKey)}
              </td>
              <td className="num">{f.integer(d.latest.rowCount)}</td>
              <td className="num">
                {d.latest.task === 'regression' ? '—' : d.latest.classes.length}
              </td>
              <td className="num">{d.versions}</td>
              <td className="nowrap" title={f.dateTime(d.latest.createdAt)}>
                {f.relative(d.latest.createdAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
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

import type { DatasetVersion } from '@qudao/client';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { mayOpen, pageById } from '../app/pages.ts';
import { useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent, EmptyState, ErrorBox } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { StatCard } from '../components/stat-card.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { ClassBalance } from '../datasets/class-balance.tsx';
import { CleaningReport } from '../datasets/cleaning-report.tsx';
import { type DatasetsKey, useDatasetsText } from '../datasets/datasets.messages.ts';
import { RowPreview } from '../datasets/row-preview.tsx';
import { useFormat } from '../i18n/format.ts';
import '../ml/ml.css';

function Statistics({ version }: { version: DatasetVersion }) {
  const t = useDatasetsText();
  const f = useFormat();
  const { splits, targetStats } = version;
  return (
    <div className="stat-grid" data-testid="dataset-stats">
      <StatCard label={t('stats.rows')} value={f.integer(version.rowCount)} testId="stat-rows" />
      <StatCard
        label={t('stats.train')}
        value={f.integer(splits.train)}
        hint={splits.seed === null ? undefined : t('stats.seed', { seed: splits.seed })}
        testId="stat-train"
      />
      <StatCard label={t('stats.test')} value={f.integer(splits.test)} testId="stat-test" />
      {splits.validation > 0 ? (
        <StatCard label={t('stats.validation')} value={f.integer(splits.validation)} />
      ) : null}
      {targetStats ? (
        <StatCard
          label={t('stats.target')}
          value={f.decimal(targetStats.mean)}
          hint={t('stats.targetRange', {
            min: f.decimal(targetStats.min),
            mean: f.decimal(targetStats.mean),
            max: f.decimal(targetStats.max),
          })}
        />
      ) : (
        <StatCard
          label={t('stats.classes')}
          value={f.integer(version.classes.length)}
          testId="stat-classes"
        />
      )}
    </div>
  );
}

function Schema(props: {
  version: DatasetVersion;
  plan?: { ignored: { column: string; why: string }[]; text?: string };
}) {
  const t = useDatasetsText();
  const { version } = props;
  const item = (label: string, value: ReactNode) => (
    <div className="schema-item">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <section className="panel" data-testid="dataset-schema">
      <h2>{t('schema.title')}</h2>
      <dl className="schema-list">
        {item(t('schema.kind'), t(`kind.${version.kind}` as DatasetsKey))}
        {item(t('schema.task'), t(`task.${version.task}` as DatasetsKey))}
        {version.shape.length > 0
          ? item(t('schema.shape'), <code>[{version.shape.join(', ')}]</code>)
          : null}
        {version.columns?.length
          ? item(
              t('schema.features'),
              <span className="chips">
                {version.columns.map((c) => (
                  <code key={c}>{c}</code>
                ))}
              </span>,
            )
          : null}
        {version.targetName ? item(t('schema.target'), <code>{version.targetName}</code>) : null}
        {props.plan?.text ? item(t('schema.text'), <code>{props.plan.text}</code>) : null}
        {props.plan?.ignored.length
          ? item(
              t('schema.ignored'),
              <span className="chips">
                {props.plan.ignored.map((c) => (
                  <code key={c.column} title={c.why}>
                    {c.column}
                  </code>
                ))}
              </span>,
            )
          : null}
        {item(t('col.source'), <code>{version.source}</code>)}
      </dl>
      {version.warnings.length > 0 ? (
        <div className="warning" data-testid="dataset-warnings">
          <strong>{t('warnings.title')}</strong>
          <ul>
            {version.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function Versions(props: { versions: DatasetVersion[]; shown: number; name: string }) {
  const t = useDatasetsText();
  const f = useFormat();
  return (
    <section className="panel flush" data-testid="dataset-versions">
      <h2 className="panel-pad">{t('versions.title')}</h2>
      <TableWrap>
        <table className="data-table compact">
          <thead>
            <tr>
              <th>{t('col.version')}</th>
              <th className="num">{t('col.rows')}</th>
              <th>{t('col.hash')}</th>
              <th>{t('col.parent')}</th>
              <th>{t('col.created')}</th>
            </tr>
          </thead>
          <tbody>
            {[...props.versions].reverse().map((v) => (
              <tr
                key={v.version}
                className={v.version === props.shown ? 'selected' : undefined}
                data-version={v.version}
              >
                <td>
                  {v.version === props.shown ? (
                    <span className="strong">
                      v{v.version} · {t('versions.current')}
                    </span>
                  ) : (
                    <Link to={`/datasets/${encodeURIComponent(props.name)}?version=${v.version}`}>
                      v{v.version}
                    </Link>
                  )}
                </td>
                <td className="num">{f.integer(v.rowCount)}</td>
                <td>
                  <code title={v.hash}>{v.hash.slice(0, 12)}</code>
                </td>
                <td>{v.parent ? <code>{v.parent}</code> : '—'}</td>
                <td className="nowrap" title={f.dateTime(v.createdAt)}>
                  {f.relative(v.createdAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function VersionDetail(props: { name: string; versions: DatasetVersion[]; wanted: number | null }) {
  const t = useDatasetsText();
  const { role } = useSession();
  const latest = props.versions[props.versions.length - 1]!;
  const version = props.versions.find((v) => v.version === props.wanted) ?? latest;
  const report = useApiQuery(['dataset-report', props.name, version.version], (client) =>
    client.data.report({ params: { name: props.name, version: version.version } }),
  );
  const actions = (
    <>
      {mayOpen(role, pageById('train')) ? (
        <Link className="button" to="/training/new">
          {t('train')}
        </Link>
      ) : null}
      {mayOpen(role, pageById('labeling')) && version.task === 'classification' ? (
        <Link className="button" to={`/labeling?dataset=${encodeURIComponent(props.name)}`}>
          {t('label')}
        </Link>
      ) : null}
    </>
  );
  return (
    <>
      <PageHeader
        title={<span data-value>{props.name}</span>}
        subtitle={t('page.subtitle', {
          kind: t(`kind.${version.kind}` as DatasetsKey),
          task: t(`task.${version.task}` as DatasetsKey),
          version: version.version,
          versions: props.versions.length,
        })}
        actions={actions}
      />
      <Statistics version={version} />
      <div className="two-columns">
        <Schema version={version} plan={report.data?.plan} />
        {version.task === 'classification' ? <ClassBalance version={version} /> : null}
      </div>
      {report.error ? (
        <ErrorBox error={report.error} onRetry={report.reload} />
      ) : report.data !== undefined ? (
        <CleaningReport report={report.data} />
      ) : null}
      <RowPreview
        key={version.version}
        dataset={props.name}
        version={version.version}
        total={version.rowCount}
      />
      <Versions versions={props.versions} shown={version.version} name={props.name} />
    </>
  );
}

/** One data set: its versions, a version's statistics, schema, class balance, report and rows. */
export function DatasetPage({ name }: { name: string }) {
  const t = useDatasetsText();
  const [search] = useSearchParams();
  const wanted = Number(search.get('version')) || null;
  const versions = useApiQuery(['dataset', name], (client) =>
    client.data.versions({ params: { name } }),
  );
  return (
    <div className="page" data-testid="page-dataset">
      <AsyncContent state={versions}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState>{t('page.notFound')}</EmptyState>
          ) : (
            <VersionDetail name={name} versions={list} wanted={wanted} />
          )
        }
      </AsyncContent>
    </div>
  );
}

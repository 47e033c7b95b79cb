import type { TrainingJob } from '@qudao/client';
import { Link } from 'react-router';
import { mayOpen, pageById } from '../app/pages.ts';
import { useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent, EmptyState } from '../components/async-content.tsx';
import { type Column, DataTable } from '../components/data-table.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { useFormat } from '../i18n/format.ts';
import { useSearchText } from '../search/search.messages.ts';
import { TrainModes } from '../search/train-modes.tsx';
import '../search/search.css';

type Job = Exclude<TrainingJob, { kind: 'training' }>;

/** The data set and template a search or cross-validation trained on (its stored request). */
function baseOf(job: Job): { dataset: string; template: string } {
  const config = (job.kind === 'training-search' ? job.config.base : job.config.config) as
    | { dataset?: unknown; model?: unknown }
    | undefined;
  return { dataset: String(config?.dataset ?? ''), template: String(config?.model ?? '') };
}

/** Every hyperparameter search and cross-validation, each linking to its results. */
export function TrainingJobsPage() {
  const t = useSearchText();
  const f = useFormat();
  const { role } = useSession();
  const jobs = useApiQuery(['training-jobs'], (client) => client.training.listJobs());
  const columns: Column<Job>[] = [
    {
      id: 'job',
      header: t('jobs.col.job'),
      value: (j) => j.id,
      cell: (j) => (
        <Link to={`/training/jobs/${encodeURIComponent(j.id)}`}>
          <code>{j.id}</code>
        </Link>
      ),
    },
    {
      id: 'kind',
      header: t('jobs.col.kind'),
      value: (j) => t(`job.kind.${j.kind}`),
      cell: (j) => t(`job.kind.${j.kind}`),
    },
    {
      id: 'status',
      header: t('jobs.col.status'),
      value: (j) => t(`status.${j.status}`),
      cell: (j) => t(`status.${j.status}`),
    },
    {
      id: 'dataset',
      header: t('jobs.col.dataset'),
      value: (j) => baseOf(j).dataset,
      cell: (j) => <code>{baseOf(j).dataset}</code>,
    },
    {
      id: 'template',
      header: t('jobs.col.template'),
      value: (j) => baseOf(j).template,
      cell: (j) => <code>{baseOf(j).template}</code>,
    },
    {
      id: 'created',
      header: t('jobs.col.created'),
      value: (j) => j.createdAt,
      text: () => '',
      cellClassName: 'nowrap',
      cell: (j) => <span title={f.dateTime(j.createdAt)}>{f.relative(j.createdAt)}</span>,
    },
  ];
  return (
    <div className="page" data-testid="page-training-jobs">
      <PageHeader title={t('jobs.title')} subtitle={t('jobs.subtitle')} />
      {mayOpen(role, pageById('train')) ? <TrainModes /> : null}
      <section className="panel flush">
        <AsyncContent state={jobs}>
          {(list) => {
            const rows = list.filter((j): j is Job => j.kind !== 'training');
            return rows.length === 0 ? (
              <EmptyState>{t('jobs.empty')}</EmptyState>
            ) : (
              <DataTable
                rows={rows}
                columns={columns}
                rowKey={(j) => j.id}
                testId="training-jobs-table"
                label={t('jobs.title')}
                rowProps={(j) => ({ 'data-job': j.id, 'data-kind': j.kind })}
              />
            );
          }}
        </AsyncContent>
      </section>
    </div>
  );
}

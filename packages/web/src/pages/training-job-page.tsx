import type { TrainingJob } from '@qudao/client';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useApiQuery } from '../app/query.ts';
import { AsyncContent } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { useFormat } from '../i18n/format.ts';
import { CrossValidationResults } from '../search/cv-results.tsx';
import { useSearchText } from '../search/search.messages.ts';
import { SearchResults } from '../search/search-results.tsx';
import '../ml/ml.css';
import '../search/search.css';

const finished = (job: TrainingJob) =>
  job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled';

function JobBody({ job }: { job: TrainingJob }) {
  const t = useSearchText();
  const f = useFormat();
  return (
    <>
      <PageHeader
        title={t(`job.kind.${job.kind}`)}
        subtitle={
          <span data-testid="job-status" data-status={job.status}>
            <code>{job.id}</code> ·{' '}
            {t('job.subtitle', {
              kind: t(`job.kind.${job.kind}`),
              status: t(`status.${job.status}`),
              when: f.dateTime(job.createdAt),
            })}
          </span>
        }
        actions={
          <Link className="button" to="/training/jobs">
            {t('job.allJobs')}
          </Link>
        }
      />
      {job.error ? (
        <p className="error-box" role="alert">
          {t('job.failed')} <code>{job.error.code}</code> {job.error.message}
        </p>
      ) : null}
      {job.kind === 'training-search' ? <SearchResults job={job} /> : null}
      {job.kind === 'training-cv' ? <CrossValidationResults job={job} /> : null}
      {job.kind === 'training' && job.result ? (
        <p>
          <Link to={`/runs/${encodeURIComponent(job.result.runId)}`}>
            <code>{job.result.runId}</code>
          </Link>
        </p>
      ) : null}
    </>
  );
}

/** A search's or cross-validation's results at their own URL; refreshed while the job runs. */
export function TrainingJobPage({ jobId }: { jobId: string }) {
  const [live, setLive] = useState(true);
  const job = useApiQuery(
    ['training-job', jobId],
    (client) => client.training.getJob({ params: { id: jobId } }),
    { refetchInterval: live ? 1000 : false, staleTime: 0 },
  );
  const done = job.data ? finished(job.data) : false;
  useEffect(() => {
    if (done) setLive(false);
  }, [done]);
  return (
    <div className="page" data-testid="page-training-job">
      <AsyncContent state={job}>{(j) => <JobBody job={j} />}</AsyncContent>
    </div>
  );
}

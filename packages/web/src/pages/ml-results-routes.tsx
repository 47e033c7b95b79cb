import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import { CrossValidationNewPage } from './cross-validation-new-page.tsx';
import { ModelPage } from './model-page.tsx';
import { ModelVersionPage } from './model-version-page.tsx';
import { SearchNewPage } from './search-new-page.tsx';
import { TrainingJobPage } from './training-job-page.tsx';
import { TrainingJobsPage } from './training-jobs-page.tsx';

function ModelRoute() {
  const { name } = useParams();
  return <ModelPage key={name} name={name ?? ''} />;
}

function ModelVersionRoute() {
  const { name, version } = useParams();
  return (
    <ModelVersionPage key={`${name}@${version}`} name={name ?? ''} version={Number(version)} />
  );
}

function TrainingJobRoute() {
  const { jobId } = useParams();
  return <TrainingJobPage key={jobId} jobId={jobId ?? ''} />;
}

/**
 * The registry's model and version pages and the search / cross-validation pages, by page id
 * (`app/pages.ts`); `app/routes.tsx` mounts them with the rest.
 */
export const ML_RESULTS_ELEMENTS: Record<string, () => ReactNode> = {
  model: () => <ModelRoute />,
  'model-version': () => <ModelVersionRoute />,
  'search-new': () => <SearchNewPage />,
  'cross-validation-new': () => <CrossValidationNewPage />,
  'training-jobs': () => <TrainingJobsPage />,
  'training-job': () => <TrainingJobRoute />,
};

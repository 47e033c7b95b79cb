import { lazy, type ReactNode, Suspense } from 'react';
import { useParams } from 'react-router';
import { Loading } from '../components/async-content.tsx';
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

// Loaded when opened, like the TensorFlow.js it imports: the console's main bundle stays as it was.
const OfflineModelPage = lazy(() =>
  import('./offline-model-page.tsx').then((m) => ({ default: m.OfflineModelPage })),
);

function OfflineModelRoute() {
  const { name, version } = useParams();
  return (
    <Suspense fallback={<Loading />}>
      <OfflineModelPage key={`${name}@${version}`} name={name ?? ''} version={Number(version)} />
    </Suspense>
  );
}

function TrainingJobRoute() {
  const { jobId } = useParams();
  return <TrainingJobPage key={jobId} jobId={jobId ?? ''} />;
}

/**
 * The registry's model and version pages (with a version's offline demo) and the search / cross-validation pages, by page id
 * (`app/pages.ts`); `app/routes.tsx` mounts them with the rest.
 */
export const ML_RESULTS_ELEMENTS: Record<string, () => ReactNode> = {
  model: () => <ModelRoute />,
  'model-version': () => <ModelVersionRoute />,
  'model-offline': () => <OfflineModelRoute />,
  'search-new': () => <SearchNewPage />,
  'cross-validation-new': () => <CrossValidationNewPage />,
  'training-jobs': () => <TrainingJobsPage />,
  'training-job': () => <TrainingJobRoute />,
};

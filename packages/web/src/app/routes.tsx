import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useParams } from 'react-router';
import { SupportPage } from '../account/support-page.tsx';
import { TryItPage } from '../account/try-it-page.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { AccountPage } from '../pages/account-page.tsx';
import { ApplicationsPage } from '../pages/applications-page.tsx';
import { BillingPage } from '../pages/billing-page.tsx';
import { ChannelsPage } from '../pages/channels-page.tsx';
import { CompareRunsPage } from '../pages/compare-runs-page.tsx';
import { CrmImportPage } from '../pages/crm-import-page.tsx';
import { CustomerPage } from '../pages/customer-page.tsx';
import { CustomersPage } from '../pages/customers-page.tsx';
import { DatasetPage } from '../pages/dataset-page.tsx';
import { DatasetsPage } from '../pages/datasets-page.tsx';
import { DealPage } from '../pages/deal-page.tsx';
import { DealsPage } from '../pages/deals-page.tsx';
import { EndpointPage } from '../pages/endpoint-page.tsx';
import { EndpointsPage } from '../pages/endpoints-page.tsx';
import { GptPlaygroundPage } from '../pages/gpt-playground-page.tsx';
import { LabelingPage } from '../pages/labeling-page.tsx';
import { MdfPage } from '../pages/mdf-page.tsx';
import { ML_RESULTS_ELEMENTS } from '../pages/ml-results-routes.tsx';
import { ModelsPage } from '../pages/models-page.tsx';
import { OverviewPage } from '../pages/overview-page.tsx';
import { PartnersPage } from '../pages/partners-page.tsx';
import { PayoutsPage } from '../pages/payouts-page.tsx';
import { PlansPage } from '../pages/plans-page.tsx';
import { PlaygroundPage } from '../pages/playground-page.tsx';
import { PortalDealsPage } from '../pages/portal-deals-page.tsx';
import { PortalPage } from '../pages/portal-page.tsx';
import { PortalProgrammePage } from '../pages/portal-programme-page.tsx';
import { ProgrammeRulesPage } from '../pages/programme-rules-page.tsx';
import { RunsPage } from '../pages/runs-page.tsx';
import { TrainPage } from '../pages/train-page.tsx';
import { TeamPage } from '../team/team-page.tsx';
import { useAppText } from './app.messages.ts';
import { homeOf, mayOpen, PAGES } from './pages.ts';
import { useSession } from './session.tsx';

function RunRoute() {
  const { runId } = useParams();
  return <RunsPage key={runId} initialRun={runId ?? null} />;
}

function PlaygroundRoute() {
  const { endpoint } = useParams();
  return <PlaygroundPage key={endpoint} initialEndpoint={endpoint ?? null} />;
}

function CustomerRoute() {
  const { customerId } = useParams();
  return <CustomerPage key={customerId} customerId={customerId ?? ''} />;
}

function DatasetRoute() {
  const { name } = useParams();
  return <DatasetPage key={name} name={name ?? ''} />;
}

function EndpointRoute() {
  const { name } = useParams();
  return <EndpointPage key={name} name={name ?? ''} />;
}

function ChatRoute() {
  const { endpoint } = useParams();
  return <GptPlaygroundPage key={endpoint} initialEndpoint={endpoint ?? null} />;
}

function DealRoute({ portal }: { portal: boolean }) {
  const { dealId } = useParams();
  return <DealPage key={dealId} dealId={dealId ?? ''} portal={portal} />;
}

function LabelingRoute() {
  const dataset = new URLSearchParams(window.location.search).get('dataset');
  return <LabelingPage initialDataset={dataset} />;
}

const ELEMENTS: Record<string, () => ReactNode> = {
  overview: () => <OverviewPage />,
  datasets: () => <DatasetsPage />,
  dataset: () => <DatasetRoute />,
  models: () => <ModelsPage />,
  runs: () => <RunsPage initialRun={null} />,
  run: () => <RunRoute />,
  train: () => <TrainPage />,
  endpoints: () => <EndpointsPage />,
  playground: () => <PlaygroundPage initialEndpoint={null} />,
  'playground-endpoint': () => <PlaygroundRoute />,
  labeling: () => <LabelingRoute />,
  'compare-runs': () => <CompareRunsPage />,
  endpoint: () => <EndpointRoute />,
  chat: () => <GptPlaygroundPage initialEndpoint={null} />,
  'chat-endpoint': () => <ChatRoute />,
  channels: () => <ChannelsPage />,
  partners: () => <PartnersPage />,
  customers: () => <CustomersPage />,
  customer: () => <CustomerRoute />,
  plans: () => <PlansPage />,
  portal: () => <PortalPage />,
  'portal-deals': () => <PortalDealsPage />,
  'portal-customer': () => <CustomerRoute />,
  account: () => <AccountPage />,
  'account-try': () => <TryItPage />,
  'account-support': () => <SupportPage />,
  applications: () => <ApplicationsPage />,
  application: () => <ApplicationsPage />,
  deals: () => <DealsPage />,
  deal: () => <DealRoute portal={false} />,
  'portal-deal': () => <DealRoute portal />,
  billing: () => <BillingPage />,
  mdf: () => <MdfPage />,
  payouts: () => <PayoutsPage />,
  'programme-rules': () => <ProgrammeRulesPage />,
  'crm-import': () => <CrmImportPage />,
  team: () => <TeamPage />,
  'portal-programme': () => <PortalProgrammePage />,
  ...ML_RESULTS_ELEMENTS,
};

function Message(props: { title: string; body: string; testId: string }) {
  return (
    <div className="page" data-testid={props.testId}>
      <PageHeader title={props.title} subtitle={props.body} />
    </div>
  );
}

/**
 * Every page at its own URL. A page the role may not open is never fetched: typed by hand, its
 * URL shows "not available" (or, at `/`, sends the role to its own home page).
 */
export function ConsoleRoutes() {
  const { role } = useSession();
  const t = useAppText();
  return (
    <Routes>
      {PAGES.map((page) => {
        let element: ReactNode;
        if (mayOpen(role, page)) element = ELEMENTS[page.id]?.();
        else if (page.path === '/') element = <Navigate to={homeOf(role)} replace />;
        else
          element = (
            <Message title={t('denied.title')} body={t('denied.body')} testId="page-denied" />
          );
        return <Route key={page.id} path={page.path} element={element} />;
      })}
      <Route
        path="*"
        element={
          <Message title={t('notFound.title')} body={t('notFound.body')} testId="page-not-found" />
        }
      />
    </Routes>
  );
}

import type {
  Customer,
  Dataset,
  Endpoint,
  Model,
  ModelVersion,
  Partner,
  QudaoClient,
} from '@qudao/client';
import { Link } from 'react-router';
import { isUnauthorized } from '../app/api-context.tsx';
import { mayOpen, pageById } from '../app/pages.ts';
import { useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { StatCard } from '../components/stat-card.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useFormat } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** Each list on its own: one missing API (null) does not blank the whole overview. */
interface OverviewData {
  datasets: Dataset[] | null;
  models: Model[] | null;
  endpoints: Endpoint[] | null;
  partners: Partner[] | null;
  customers: Customer[] | null;
}

async function loadOverview(client: QudaoClient): Promise<OverviewData> {
  const results = await Promise.allSettled([
    client.data.list(),
    client.registry.list(),
    client.serving.listEndpoints(),
    client.channels.listPartners(),
    client.channels.listCustomers(),
  ]);
  const denied = results.find((r) => r.status === 'rejected' && isUnauthorized(r.reason));
  if (denied && denied.status === 'rejected') throw denied.reason;
  const value = <T,>(r: PromiseSettledResult<T>): T | null =>
    r.status === 'fulfilled' ? r.value : null;
  const [datasets, models, endpoints, partners, customers] = results;
  return {
    datasets: value(datasets),
    models: value(models),
    endpoints: value(endpoints),
    partners: value(partners),
    customers: value(customers),
  };
}

/** The most recently created version of any model. */
export function latestVersion(models: Model[]): ModelVersion | null {
  let latest: ModelVersion | null = null;
  for (const model of models) {
    for (const version of model.versions) {
      if (!latest || Date.parse(version.createdAt) > Date.parse(latest.createdAt)) latest = version;
    }
  }
  return latest;
}

const CARDS: {
  page: 'models' | 'endpoints' | 'playground';
  title: MessageKey;
  body: MessageKey;
}[] = [
  { page: 'models', title: 'nav.models', body: 'overview.card.models' },
  { page: 'endpoints', title: 'nav.endpoints', body: 'overview.card.endpoints' },
  { page: 'playground', title: 'nav.playground', body: 'overview.card.playground' },
];

function Counts({ data }: { data: OverviewData }) {
  const { t } = useI18n();
  const f = useFormat();
  const count = (list: unknown[] | null) => (list ? f.integer(list.length) : '—');
  const unavailable = (list: unknown[] | null) => (list ? undefined : t('overview.unavailable'));
  const versions = data.models?.reduce((n, m) => n + m.versions.length, 0) ?? 0;
  const active = data.endpoints?.filter((e) => e.status === 'active').length ?? 0;
  const direct = data.customers?.filter((c) => c.partnerId === null).length ?? 0;
  const calls = data.endpoints?.reduce((n, e) => n + e.usage.calls, 0);
  return (
    <div className="stat-grid" data-testid="overview-counts">
      <StatCard
        testId="count-datasets"
        label={t('overview.datasets')}
        value={count(data.datasets)}
        hint={unavailable(data.datasets)}
      />
      <StatCard
        testId="count-models"
        label={t('overview.models')}
        value={count(data.models)}
        hint={unavailable(data.models) ?? t('overview.versions', { count: versions })}
      />
      <StatCard
        testId="count-endpoints"
        label={t('overview.endpoints')}
        value={count(data.endpoints)}
        hint={unavailable(data.endpoints) ?? t('overview.active', { count: active })}
      />
      <StatCard
        testId="count-partners"
        label={t('overview.partners')}
        value={count(data.partners)}
        hint={unavailable(data.partners)}
      />
      <StatCard
        testId="count-customers"
        label={t('overview.customers')}
        value={count(data.customers)}
        hint={unavailable(data.customers) ?? t('overview.direct', { count: direct })}
      />
      <StatCard
        testId="count-calls"
        label={t('overview.calls')}
        value={calls === undefined ? '—' : f.integer(calls)}
        hint={unavailable(data.endpoints) ?? t('overview.callsHint')}
      />
    </div>
  );
}

function LatestModel({ models }: { models: Model[] | null }) {
  const { t } = useI18n();
  const f = useFormat();
  const latest = models ? latestVersion(models) : null;
  return (
    <section className="panel latest-model" data-testid="latest-model">
      <div className="panel-title">{t('overview.latest')}</div>
      {latest ? (
        <div className="latest-body">
          <div>
            <div className="latest-name">
              {latest.model} <span className="version-tag">v{latest.version}</span>
            </div>
            <div className="muted small">
              {t('overview.latestOn', {
                dataset: `${latest.dataset}@${latest.datasetVersion}`,
                created: f.relative(latest.createdAt),
              })}
            </div>
          </div>
          <div className="latest-metric">
            <span className="big-number" data-testid="latest-accuracy">
              {f.percent(latest.metrics.test?.accuracy ?? Number.NaN)}
            </span>
            <span className="muted small">{t('overview.latestAccuracy')}</span>
          </div>
        </div>
      ) : (
        <p className="muted">{t('overview.noModel')}</p>
      )}
    </section>
  );
}

export function OverviewPage() {
  const { t } = useI18n();
  const state = useApiQuery(['overview'], loadOverview);
  const { role } = useSession();
  const cards = CARDS.filter((card) => mayOpen(role, pageById(card.page)));
  return (
    <div className="page" data-testid="page-overview">
      <PageHeader title={t('overview.title')} subtitle={t('overview.subtitle')} />
      <AsyncContent state={state}>
        {(data) => (
          <>
            <Counts data={data} />
            <LatestModel models={data.models} />
          </>
        )}
      </AsyncContent>
      <div className="link-cards">
        {cards.map((card) => (
          <Link
            key={card.page}
            className="link-card"
            to={`/${card.page}`}
            data-testid={`card-${card.page}`}
          >
            <span className="link-card-title">{t(card.title)}</span>
            <span className="muted">{t(card.body)}</span>
            <span className="link-card-cta">{t('overview.open')}</span>
          </Link>
        ))}
      </div>
    </div>
  );
}

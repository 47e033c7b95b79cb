import type { ModelCard, ModelVersion } from '@qudao/client';
import { Link } from 'react-router';
import { mayOpen, pageById } from '../app/pages.ts';
import { useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { useFormat } from '../i18n/format.ts';
import { ModelCardPanel } from '../registry/model-card-panel.tsx';
import { useRegistryText } from '../registry/registry.messages.ts';
import { TagPanel } from '../registry/tag-panel.tsx';
import { isKnownMetric, useMetricName } from '../search/metric-names.ts';
import '../ml/ml.css';
import '../registry/registry.css';

function Facts({ version, card }: { version: ModelVersion; card: ModelCard }) {
  const t = useRegistryText();
  const f = useFormat();
  const metric = useMetricName();
  const { role } = useSession();
  const test = Object.entries(version.metrics.test ?? {}).filter(
    (e): e is [string, number] => typeof e[1] === 'number',
  );
  const dataset = `${version.dataset}@${version.datasetVersion}`;
  return (
    <section className="panel" data-testid="version-facts">
      <h2>{t('version.facts')}</h2>
      <dl className="version-facts">
        <div>
          <dt>{t('version.aliases')}</dt>
          <dd data-testid="version-aliases">
            {card.aliases.length ? (
              card.aliases.map((a) => <code key={a}>{a} </code>)
            ) : (
              <span className="muted">{t('version.noAlias')}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('version.template')}</dt>
          <dd>
            <code>{version.template}</code>
          </dd>
        </div>
        <div>
          <dt>{t('version.dataset')}</dt>
          <dd>
            {mayOpen(role, pageById('dataset')) &&
            !version.datasetVersionId.startsWith('external:') ? (
              <Link
                to={`/datasets/${encodeURIComponent(version.dataset)}?version=${version.datasetVersion}`}
              >
                <code>{dataset}</code>
              </Link>
            ) : (
              <code>{dataset}</code>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('version.backend')}</dt>
          <dd>
            <code>{version.backend}</code>
          </dd>
        </div>
        <div>
          <dt>{t('version.created')}</dt>
          <dd>{f.dateTime(version.createdAt)}</dd>
        </div>
        <div>
          <dt>{t('version.artifact')}</dt>
          <dd>
            <code>{version.artifactHash.slice(0, 16)}</code>
          </dd>
        </div>
      </dl>
      <h3>{t('version.metrics')}</h3>
      {test.length ? (
        <dl className="version-facts" data-testid="version-metrics">
          {test.map(([key, value]) => (
            <div key={key} data-metric={key}>
              <dt>{isKnownMetric(key) ? metric(key) : <code>{key}</code>}</dt>
              <dd className="strong">{f.decimal(value, 4)}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">{t('version.noMetrics')}</p>
      )}
    </section>
  );
}

/** One model version at its own URL: facts and figures, tags, the model card. */
export function ModelVersionPage({ name, version }: { name: string; version: number }) {
  const t = useRegistryText();
  const params = { name, version };
  const got = useApiQuery(['model-version', name, version], (client) =>
    client.registry.getVersion({ params }),
  );
  const card = useApiQuery(['model-card', name, version], (client) =>
    client.registry.getCard({ params }),
  );
  const { role } = useSession();
  // The offline demo draws images: a link to it only from an image version.
  const offline =
    mayOpen(role, pageById('model-offline')) && (got.data?.signature.kind ?? 'image') === 'image';
  return (
    <div className="page" data-testid="page-model-version">
      <PageHeader
        title={<span data-value>{t('version.title', { model: name, version })}</span>}
        actions={
          <>
            {got.data && offline ? (
              <Link
                className="button"
                data-testid="version-offline"
                to={`/models/${encodeURIComponent(name)}/versions/${version}/offline`}
              >
                {t('version.offline')}
              </Link>
            ) : null}
            <Link className="button" to={`/models/${encodeURIComponent(name)}`}>
              {t('version.backToModel')} <code>{name}</code>
            </Link>
          </>
        }
      />
      <AsyncContent state={card}>
        {(c) => (
          <>
            <AsyncContent state={got}>{(v) => <Facts version={v} card={c} />}</AsyncContent>
            <TagPanel name={name} version={version} tags={c.tags} />
            <ModelCardPanel card={c} />
          </>
        )}
      </AsyncContent>
    </div>
  );
}

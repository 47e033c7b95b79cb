import type { Endpoint, ModelVersion } from '@qudao/client';
import type { ImagePreparation } from '@qudao/ml/browser';
import { useState } from 'react';
import { Link } from 'react-router';
import { mayCall } from '../app/access.ts';
import { useApiErrorHandler, useClient } from '../app/api-context.tsx';
import { useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { AsyncContent, EmptyState, ErrorBox, Loading } from '../components/async-content.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { StatCard } from '../components/stat-card.tsx';
import { useFormat } from '../i18n/format.ts';
import {
  type BrowserAnswer,
  type BrowserModel,
  predictInBrowser,
} from '../offline/browser-model.ts';
import { type OfflineKey, useOfflineText } from '../offline/offline.messages.ts';
import { InputPanels, type OfflineInput } from '../offline/offline-input.tsx';
import { AnswerPanels, ComparisonPanel, type ServerSide } from '../offline/offline-results.tsx';
import { type BrowserModelState, useBrowserModel } from '../offline/use-browser-model.ts';
import '../ml/ml.css';
import '../offline/offline.css';

/** The recorded preparation, or for older versions the one serving assumes from the input shape. */
function preparationOf(version: ModelVersion): { prep: ImagePreparation; assumed: boolean } {
  if (version.signature.image) return { prep: version.signature.image, assumed: false };
  const [height = 0, width = 0, channels = 1] = version.inputShape;
  return {
    prep: { height, width, channels, scale: 1 / 255, invertLightBackground: channels === 1 },
    assumed: true,
  };
}

/** Where the server's answer comes from: an active endpoint whose main version is this one. */
function serverFor(
  endpoints: readonly Endpoint[],
  version: ModelVersion,
  mayPredict: boolean,
  t: ReturnType<typeof useOfflineText>,
): { endpoint: Endpoint | null; note: ServerSide | null } {
  const serving = endpoints.filter(
    (e) => e.model === version.model && e.version === version.version,
  );
  const active = serving.find((e) => e.status === 'active');
  const note = (key: OfflineKey, testId: string, endpoint?: string): ServerSide => ({
    kind: 'note',
    text: t(key, { endpoint }),
    testId,
  });
  if (!mayPredict)
    return { endpoint: null, note: note('server.notAllowed', 'offline-server-denied') };
  if (active) return { endpoint: active, note: null };
  if (serving[0]) {
    return {
      endpoint: null,
      note: note('server.stopped', 'offline-server-stopped', serving[0].name),
    };
  }
  return { endpoint: null, note: note('server.none', 'offline-no-endpoint') };
}

function LoadFacts({ state }: { state: BrowserModelState }) {
  const t = useOfflineText();
  const f = useFormat();
  const loaded = state.status === 'ready' ? state.loaded : null;
  const stateText =
    state.status === 'ready' ? (
      t('load.ready')
    ) : (
      <span className="offline-loading">
        <span className="spinner" aria-hidden="true" />
        {t('load.loading')}
      </span>
    );
  if (state.status === 'failed') {
    return (
      <section className="offline-load" data-testid="offline-load" data-state="failed">
        <h2 className="visually-hidden">{t('load.title')}</h2>
        <ErrorBox error={state.error} />
      </section>
    );
  }
  return (
    <section className="offline-load" aria-live="polite">
      <h2 className="visually-hidden">{t('load.title')}</h2>
      <div className="stat-grid offline-stats" data-testid="offline-load" data-state={state.status}>
        <StatCard label={t('load.state')} value={stateText} testId="offline-load-state" />
        <StatCard
          label={t('load.size')}
          value={loaded ? f.bytes(loaded.weightBytes) : '–'}
          hint={
            loaded
              ? t('load.sizeHint', {
                  bytes: f.integer(loaded.weightBytes),
                  params: f.integer(loaded.params),
                })
              : null
          }
          testId="offline-weights"
        />
        <StatCard
          label={t('load.time')}
          value={loaded ? f.latency(loaded.loadMs) : '–'}
          hint={loaded ? t('load.timeHint', { library: f.latency(loaded.libraryMs) }) : null}
          testId="offline-load-time"
        />
        <StatCard
          label={t('load.backend')}
          value={loaded ? loaded.backend : '–'}
          hint={t('load.backendHint')}
          testId="offline-backend"
        />
      </div>
    </section>
  );
}

/** The demo of an image version: load facts, the input, both answers and their comparison. */
function ImageDemo({ version, endpoints }: { version: ModelVersion; endpoints: Endpoint[] }) {
  const t = useOfflineText();
  const client = useClient();
  const handleError = useApiErrorHandler();
  const { role } = useSession();
  const state = useBrowserModel(version.model, version.version, true);
  const { prep, assumed } = preparationOf(version);
  const { endpoint, note } = serverFor(endpoints, version, mayCall(role, 'serving.predict'), t);
  const [input, setInput] = useState<OfflineInput | null>(null);
  const [browser, setBrowser] = useState<BrowserAnswer | null>(null);
  const [browserError, setBrowserError] = useState<string | null>(null);
  const [server, setServer] = useState<ServerSide | null>(null);
  const [busy, setBusy] = useState(false);
  const loaded: BrowserModel | null = state.status === 'ready' ? state.loaded : null;
  const answers = {
    browser,
    browserError,
    backend: loaded?.backend ?? '',
    server: server ?? note,
    model: version.model,
    version: version.version,
  };

  const predict = async (next: OfflineInput | null) => {
    setInput(next);
    setBrowser(null);
    setServer(null);
    if (!loaded) return;
    if (!next) {
      setBrowserError(t('input.nothing'));
      return;
    }
    setBusy(true);
    setBrowserError(null);
    try {
      setBrowser(await predictInBrowser(loaded, next.image, prep, version.classes));
    } catch (error) {
      setBrowserError(t('browser.failed', { message: (error as Error).message }));
      setBusy(false);
      return;
    }
    if (endpoint) {
      try {
        const prediction = await client.serving.predict({
          params: { name: endpoint.name },
          body: { image: next.image },
        });
        setServer({ kind: 'answer', prediction });
      } catch (error) {
        const message = handleError(error).message;
        setServer({
          kind: 'note',
          text: t('server.failed', { message }),
          testId: 'offline-server-error',
        });
      }
    }
    setBusy(false);
  };

  return (
    <>
      <LoadFacts state={state} />
      {assumed ? (
        <p className="muted small" data-testid="offline-prep-assumed">
          {t('input.assumed', { height: prep.height, width: prep.width, channels: prep.channels })}
        </p>
      ) : null}
      {state.status === 'failed' ? null : (
        <>
          <div className="offline-demo">
            <InputPanels
              version={version}
              prep={prep}
              input={input}
              busy={busy}
              ready={loaded !== null}
              onInput={(next) => {
                setInput(next);
                setBrowser(null);
                setServer(null);
                setBrowserError(null);
              }}
              onPredict={predict}
            />
            <AnswerPanels {...answers} />
          </div>
          <ComparisonPanel {...answers} />
        </>
      )}
    </>
  );
}

/** A version whose kind the demo does not draw: what it is, and that only images are shown. */
function NotAnImage({ version }: { version: ModelVersion }) {
  const t = useOfflineText();
  const kind = version.signature.kind as 'tabular' | 'text' | 'language-model';
  return (
    <EmptyState>
      <div data-testid="offline-not-image" data-kind={kind}>
        <h2>{t('kind.title')}</h2>
        <p>{t('kind.body', { kind: t(`kind.${kind}`) })}</p>
      </div>
    </EmptyState>
  );
}

/**
 * `/models/:name/versions/:version/offline`: the version loaded with TensorFlow.js in this tab
 * (lazily imported), its answer for a drawn digit or a data set sample beside the answer of the
 * endpoint that serves it.
 */
export function OfflineModelPage({ name, version }: { name: string; version: number }) {
  const t = useOfflineText();
  const params = { name, version };
  const got = useApiQuery(['model-version', name, version], (client) =>
    client.registry.getVersion({ params }),
  );
  const endpoints = useApiQuery(['endpoints'], (client) => client.serving.listEndpoints());
  return (
    <div className="page" data-testid="page-model-offline">
      <PageHeader
        title={<span data-value>{t('title', { model: name, version })}</span>}
        subtitle={t('subtitle')}
        actions={
          <Link className="button" to={`/models/${encodeURIComponent(name)}/versions/${version}`}>
            {t('back')} <code>v{version}</code>
          </Link>
        }
      />
      <AsyncContent state={got}>
        {(v) =>
          (v.signature.kind ?? 'image') !== 'image' ? (
            <NotAnImage version={v} />
          ) : endpoints.data ? (
            <ImageDemo version={v} endpoints={endpoints.data} />
          ) : endpoints.error ? (
            <ErrorBox error={endpoints.error} onRetry={endpoints.reload} />
          ) : (
            <Loading />
          )
        }
      </AsyncContent>
    </div>
  );
}

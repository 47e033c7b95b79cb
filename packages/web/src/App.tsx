import { QudaoClient } from '@qudao/client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiProvider } from './app/api-context.tsx';
import { forgetToken, saveToken, takeSignInCode, takeToken } from './app/token.ts';
import { type Route, useHashRoute } from './app/use-hash-route.ts';
import { AppHeader } from './components/app-header.tsx';
import { I18nProvider } from './i18n/i18n.tsx';
import { ChannelsPage } from './pages/channels-page.tsx';
import { EndpointsPage } from './pages/endpoints-page.tsx';
import { LabelingPage } from './pages/labeling-page.tsx';
import { ModelsPage } from './pages/models-page.tsx';
import { OverviewPage } from './pages/overview-page.tsx';
import { PlaygroundPage } from './pages/playground-page.tsx';
import { PortalPage } from './pages/portal-page.tsx';
import { RunsPage } from './pages/runs-page.tsx';
import { TokenPage } from './pages/token-page.tsx';

function CurrentPage({ route }: { route: Route }) {
  switch (route.page) {
    case 'models':
      return <ModelsPage />;
    case 'runs':
      return <RunsPage initialRun={route.params.get('run')} />;
    case 'endpoints':
      return <EndpointsPage />;
    case 'playground':
      return <PlaygroundPage initialEndpoint={route.params.get('endpoint')} />;
    case 'channels':
      return <ChannelsPage />;
    case 'portal':
      return <PortalPage />;
    case 'labeling':
      return <LabelingPage initialDataset={route.params.get('dataset')} />;
    default:
      return <OverviewPage />;
  }
}

function Console() {
  const route = useHashRoute();
  const [signInCode] = useState(takeSignInCode);
  const [token, setToken] = useState<string | null>(takeToken);
  const [rejected, setRejected] = useState(false);
  const [signingIn, setSigningIn] = useState(signInCode !== null);
  const exchanged = useRef(false);

  // The printed link's one-time code, traded for the owner token once (StrictMode runs effects
  // twice in development: the ref keeps it to one request).
  useEffect(() => {
    if (!signInCode || exchanged.current) return;
    exchanged.current = true;
    new QudaoClient({ baseUrl: '' }).console
      .signIn({ body: { code: signInCode } })
      .then(
        (session) => {
          saveToken(session.token);
          setToken(session.token);
          setRejected(false);
        },
        () => setRejected(true),
      )
      .finally(() => setSigningIn(false));
  }, [signInCode]);

  const client = useMemo(
    () => new QudaoClient({ baseUrl: '', token: token ?? undefined }),
    [token],
  );
  const onUnauthorized = useCallback(() => {
    forgetToken();
    setToken(null);
    setRejected(true);
  }, []);
  const onToken = useCallback((next: string) => {
    saveToken(next);
    setRejected(false);
    setToken(next);
  }, []);
  const onSignOut = useCallback(() => {
    forgetToken();
    setRejected(false);
    setToken(null);
  }, []);

  if (signingIn) return null;
  if (!token) return <TokenPage rejected={rejected} onToken={onToken} />;
  return (
    <ApiProvider client={client} onUnauthorized={onUnauthorized}>
      <AppHeader page={route.page} onSignOut={onSignOut} />
      <main className="app-main">
        <CurrentPage key={route.page} route={route} />
      </main>
    </ApiProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Console />
    </I18nProvider>
  );
}

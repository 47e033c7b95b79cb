import type { ConsoleSession as ConsoleSessionView } from '@qudao/client';
import { QudaoClient } from '@qudao/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { BrowserRouter } from 'react-router';
import { ApiProvider } from './app/api-context.tsx';
import { isPublicPath } from './app/pages.ts';
import { createQueryClient } from './app/query.ts';
import { ConsoleRoutes } from './app/routes.tsx';
import { SessionProvider } from './app/session.tsx';
import { forgetLegacyToken, takeSignInLink } from './app/sign-in-link.ts';
import { AppHeader } from './components/app-header.tsx';
import { AppMain } from './components/app-main.tsx';
import { I18nProvider } from './i18n/i18n.tsx';
import { TokenPage } from './pages/token-page.tsx';
import { PublicApp } from './programme/public-app.tsx';

/**
 * Links from before the router (`/#/models`, `/#/playground?endpoint=mnist`) keep working: the
 * hash becomes the path before the router reads the address.
 */
function upgradeHashLink(): void {
  const { hash } = window.location;
  if (!hash.startsWith('#/')) return;
  const [path = '', query = ''] = hash.slice(2).split('?');
  const params = new URLSearchParams(query);
  const endpoint = path === 'playground' ? params.get('endpoint') : null;
  const run = path === 'runs' ? params.get('run') : null;
  let next = `/${path}`;
  if (endpoint) next = `/playground/${encodeURIComponent(endpoint)}`;
  else if (run) next = `/runs/${encodeURIComponent(run)}`;
  else if (query) next += `?${query}`;
  window.history.replaceState(null, '', next);
}

type Phase =
  | { state: 'loading' }
  | { state: 'signed-out'; rejected: boolean }
  | { state: 'signed-in'; session: ConsoleSessionView };

/** A client without credentials, for the session routes (the cookie goes by itself). */
const sessionClient = () => new QudaoClient({ baseUrl: '' });

function Console() {
  const [link] = useState(() => {
    const taken = takeSignInLink();
    upgradeHashLink();
    forgetLegacyToken();
    return taken;
  });
  const [phase, setPhase] = useState<Phase>({ state: 'loading' });
  const started = useRef(false);

  // The printed link's one-time code or an invitation is traded for a session once; otherwise
  // the browser's cookie may hold one already (StrictMode runs effects twice in development:
  // the ref keeps it to one request).
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const attempt = link
      ? sessionClient().console.createSession({ body: link })
      : sessionClient().console.getSession();
    attempt.then(
      (session) => setPhase({ state: 'signed-in', session }),
      () => setPhase({ state: 'signed-out', rejected: link !== null }),
    );
  }, [link]);

  const session = phase.state === 'signed-in' ? phase.session : null;
  const onUnauthorized = useCallback(() => setPhase({ state: 'signed-out', rejected: true }), []);
  const client = useMemo(() => new QudaoClient({ baseUrl: '', csrf: session?.csrf }), [session]);
  // One cache per session: a new sign-in never sees the previous role's data.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the cache belongs to the session.
  const queries = useMemo(() => createQueryClient(onUnauthorized), [session, onUnauthorized]);
  const onToken = useCallback((token: string) => {
    sessionClient()
      .console.createSession({ body: { token } })
      .then(
        (next) => setPhase({ state: 'signed-in', session: next }),
        () => setPhase({ state: 'signed-out', rejected: true }),
      );
  }, []);
  const onSignOut = useCallback(() => {
    // Signed out on this page whatever the server answers (an ended session answers 401).
    client.console.endSession().then(
      () => setPhase({ state: 'signed-out', rejected: false }),
      () => setPhase({ state: 'signed-out', rejected: false }),
    );
  }, [client]);

  if (phase.state === 'loading') return null;
  if (phase.state === 'signed-out') {
    return <TokenPage rejected={phase.rejected} onToken={onToken} />;
  }
  return (
    <ApiProvider client={client} onUnauthorized={onUnauthorized}>
      <QueryClientProvider client={queries}>
        <BrowserRouter>
          <SessionProvider>
            <AppHeader onSignOut={onSignOut} />
            <AppMain className="app-main">
              <ConsoleRoutes />
            </AppMain>
          </SessionProvider>
        </BrowserRouter>
      </QueryClientProvider>
    </ApiProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      {/* The partner application needs no sign-in: drawn before the token screen. */}
      {isPublicPath(window.location.pathname) ? <PublicApp /> : <Console />}
    </I18nProvider>
  );
}

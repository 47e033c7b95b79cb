import { QudaoClient } from '@qudao/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { BrowserRouter } from 'react-router';
import { ApiProvider } from './app/api-context.tsx';
import { isPublicPath } from './app/pages.ts';
import { createQueryClient } from './app/query.ts';
import { ConsoleRoutes } from './app/routes.tsx';
import { SessionProvider } from './app/session.tsx';
import { forgetToken, saveToken, takeSignInCode, takeToken } from './app/token.ts';
import { AppHeader } from './components/app-header.tsx';
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

function Console() {
  const [signInCode] = useState(takeSignInCode);
  const [token, setToken] = useState<string | null>(() => {
    const taken = takeToken();
    upgradeHashLink();
    return taken;
  });
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

  const onUnauthorized = useCallback(() => {
    forgetToken();
    setToken(null);
    setRejected(true);
  }, []);
  const client = useMemo(
    () => new QudaoClient({ baseUrl: '', token: token ?? undefined }),
    [token],
  );
  // One cache per token: a new sign-in never sees the previous role's data.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the cache belongs to the token.
  const queries = useMemo(() => createQueryClient(onUnauthorized), [token, onUnauthorized]);
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
      <QueryClientProvider client={queries}>
        <BrowserRouter>
          <SessionProvider>
            <AppHeader onSignOut={onSignOut} />
            <main className="app-main">
              <ConsoleRoutes />
            </main>
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

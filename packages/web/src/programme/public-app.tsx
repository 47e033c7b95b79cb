import { QudaoClient } from '@qudao/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { BrowserRouter, Route, Routes, useParams } from 'react-router';
import { ApiProvider } from '../app/api-context.tsx';
import { createQueryClient } from '../app/query.ts';
import { LanguageToggle } from '../components/app-header.tsx';
import { AppMain } from '../components/app-main.tsx';
import { Brand } from '../components/brand.tsx';
import { ApplicationStatusPage } from '../pages/application-status-page.tsx';
import { ApplyPage } from '../pages/apply-page.tsx';
import { useApplyText } from './apply.messages.ts';

function StatusRoute() {
  const { applicationId } = useParams();
  return <ApplicationStatusPage key={applicationId} applicationId={applicationId ?? ''} />;
}

/**
 * The pages anyone opens without signing in (`PUBLIC_PAGES`): a client without credentials,
 * a header with the brand and the language switch, no navigation.
 */
export function PublicApp() {
  const t = useApplyText();
  const client = useMemo(() => new QudaoClient({ baseUrl: '' }), []);
  // Nothing here signs in, so a 401 has nowhere to send the visitor.
  const queries = useMemo(() => createQueryClient(() => {}), []);
  return (
    <ApiProvider client={client} onUnauthorized={() => {}}>
      <QueryClientProvider client={queries}>
        <BrowserRouter>
          <header className="app-header public-header">
            <div className="header-inner">
              <Brand href="/apply" />
              <div className="header-tools">
                <a className="button ghost small" href="/">
                  {t('apply.signIn')}
                </a>
                <LanguageToggle />
              </div>
            </div>
          </header>
          <AppMain className="app-main public-main">
            <Routes>
              <Route path="/apply" element={<ApplyPage />} />
              <Route path="/apply/:applicationId" element={<StatusRoute />} />
            </Routes>
          </AppMain>
        </BrowserRouter>
      </QueryClientProvider>
    </ApiProvider>
  );
}

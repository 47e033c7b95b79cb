import type { Health } from '@qudao/client';
import { useEffect, useState } from 'react';
import { useClient } from '../app/api-context.tsx';
import { hrefTo, type PageId } from '../app/use-hash-route.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Brand } from './brand.tsx';

const NAV: { page: PageId; label: MessageKey }[] = [
  { page: 'overview', label: 'nav.overview' },
  { page: 'models', label: 'nav.models' },
  { page: 'runs', label: 'nav.runs' },
  { page: 'endpoints', label: 'nav.endpoints' },
  { page: 'playground', label: 'nav.playground' },
  { page: 'labeling', label: 'nav.labeling' },
  { page: 'channels', label: 'nav.channels' },
  { page: 'portal', label: 'nav.portal' },
];

export function LanguageToggle() {
  const { lang, setLang, t } = useI18n();
  return (
    <button
      type="button"
      className="button ghost small"
      title={t('lang.switchTitle')}
      data-testid="lang-toggle"
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
    >
      {t('lang.switchTo')}
    </button>
  );
}

function ServerInfo() {
  const client = useClient();
  const { t } = useI18n();
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    client.system.health().then(setHealth, () => setHealth(null));
  }, [client]);
  if (!health) return null;
  return (
    <span className="server-info" title={health.status}>
      <span className="dot ok" aria-hidden="true" />
      {t('header.server', { version: health.version, backend: health.backend })}
    </span>
  );
}

export function AppHeader(props: { page: PageId; onSignOut: () => void }) {
  const { t } = useI18n();
  return (
    <header className="app-header">
      <div className="header-inner">
        <Brand href={hrefTo('overview')} />
        <nav className="main-nav" aria-label="Main">
          {NAV.map((item) => (
            <a
              key={item.page}
              href={hrefTo(item.page)}
              className={item.page === props.page ? 'nav-link active' : 'nav-link'}
              aria-current={item.page === props.page ? 'page' : undefined}
              data-testid={`nav-${item.page}`}
            >
              {t(item.label)}
            </a>
          ))}
        </nav>
        <div className="header-tools">
          <ServerInfo />
          <LanguageToggle />
          <button
            type="button"
            className="button ghost small"
            title={t('header.forgetTitle')}
            onClick={props.onSignOut}
          >
            {t('header.forget')}
          </button>
        </div>
      </div>
    </header>
  );
}

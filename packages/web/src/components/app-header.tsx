import type { Health } from '@qudao/client';
import { useState } from 'react';
import { NavLink } from 'react-router';
import { useAppText } from '../app/app.messages.ts';
import { mayOpen, PAGES } from '../app/pages.ts';
import { useApiQuery } from '../app/query.ts';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Brand } from './brand.tsx';

export function LanguageToggle() {
  const { lang, setLang, t } = useI18n();
  return (
    <button
      type="button"
      className="button ghost small"
      title={t('lang.switchTitle')}
      lang={lang === 'zh' ? 'en' : 'zh'}
      data-testid="lang-toggle"
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
    >
      {t('lang.switchTo')}
    </button>
  );
}

function ServerInfo() {
  const { t } = useI18n();
  const state = useApiQuery<Health>(['health'], (client) => client.system.health());
  const health = state.data;
  if (!health) return null;
  return (
    <span className="server-info">
      <span className="dot ok" aria-hidden="true" />
      {t('header.server', { version: health.version, backend: health.backend })}
    </span>
  );
}

/** The header: only the pages this role may open, folded into a menu on narrow screens. */
export function AppHeader(props: { onSignOut: () => void }) {
  const { t } = useI18n();
  const text = useAppText();
  const { role } = useSession();
  const [open, setOpen] = useState(false);
  const links = PAGES.filter((p) => p.nav && mayOpen(role, p));
  return (
    <header className="app-header">
      <div className="header-inner">
        <Brand href="/" />
        <button
          type="button"
          className="button ghost small nav-toggle"
          aria-expanded={open}
          aria-controls="main-nav"
          onClick={() => setOpen(!open)}
        >
          {text('nav.menu')}
        </button>
        <nav
          id="main-nav"
          className={open ? 'main-nav open' : 'main-nav'}
          aria-label={text('nav.main')}
        >
          {links.map((page) => (
            <NavLink
              key={page.id}
              to={page.path}
              end={page.path === '/' || page.path === '/portal'}
              className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}
              data-testid={`nav-${page.id}`}
              onClick={() => setOpen(false)}
            >
              {text(page.nav!)}
            </NavLink>
          ))}
        </nav>
        <div className="header-tools">
          <span className="role-badge" data-testid="role">
            {text(`role.${role}`)}
          </span>
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

import type { Health } from '@qudao/client';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useAppText } from '../app/app.messages.ts';
import { currentPage, type NavEntry, navigationOf, type PageSpec } from '../app/pages.ts';
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

type NavText = ReturnType<typeof useAppText>;

function NavItem(props: { page: PageSpec; current: boolean; onPick: () => void; text: NavText }) {
  return (
    <Link
      to={props.page.path}
      className={props.current ? 'nav-link active' : 'nav-link'}
      aria-current={props.current ? 'page' : undefined}
      data-testid={`nav-${props.page.id}`}
      onClick={props.onPick}
    >
      {props.text(props.page.nav!)}
    </Link>
  );
}

/**
 * A group of links behind a disclosure button (`aria-expanded`); the button is marked
 * `aria-current` when the page shown is one of its items. Escape closes it and gives the button
 * its focus back.
 */
function NavGroup(props: {
  entry: Extract<NavEntry, { kind: 'group' }>;
  current: PageSpec | undefined;
  open: boolean;
  onToggle: () => void;
  onClose: () => void;
  onPick: () => void;
  text: NavText;
}) {
  const { entry, current } = props;
  const button = useRef<HTMLButtonElement>(null);
  const holdsCurrent = entry.pages.some((p) => p === current);
  const panelId = `nav-group-${entry.id}`;
  return (
    <div
      className="nav-group"
      data-group={entry.id}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && props.open) {
          props.onClose();
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className={holdsCurrent ? 'nav-link nav-group-button active' : 'nav-link nav-group-button'}
        aria-expanded={props.open}
        aria-controls={panelId}
        aria-current={holdsCurrent ? 'true' : undefined}
        data-testid={`nav-group-${entry.id}`}
        onClick={props.onToggle}
      >
        {props.text(entry.label)}
        <span className="nav-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <ul id={panelId} className="nav-panel" hidden={!props.open}>
        {entry.pages.map((page) => (
          <li key={page.id}>
            <NavItem
              page={page}
              current={page === current}
              onPick={props.onPick}
              text={props.text}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The header: only the pages this role may open (`navigationOf`, from `mayOpen`), grouped into
 * disclosure menus, the whole folded behind one menu button on narrow screens.
 */
export function AppHeader(props: { onSignOut: () => void }) {
  const { t } = useI18n();
  const text = useAppText();
  const { role } = useSession();
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);
  const [openGroup, setOpenGroup] = useState<string | null>(null);
  const nav = useRef<HTMLElement>(null);
  const entries = useMemo(() => navigationOf(role), [role]);
  const current = currentPage(
    pathname,
    entries.flatMap((e) => (e.kind === 'page' ? [e.page] : e.pages)),
  );
  // A click or focus outside the navigation closes an open group.
  useEffect(() => {
    if (!openGroup) return;
    const away = (event: Event) => {
      if (!nav.current?.contains(event.target as Node)) setOpenGroup(null);
    };
    document.addEventListener('pointerdown', away);
    document.addEventListener('focusin', away);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('focusin', away);
    };
  }, [openGroup]);
  const picked = () => {
    setOpen(false);
    setOpenGroup(null);
  };
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
          ref={nav}
          className={open ? 'main-nav open' : 'main-nav'}
          aria-label={text('nav.main')}
        >
          {entries.map((entry) =>
            entry.kind === 'page' ? (
              <NavItem
                key={entry.page.id}
                page={entry.page}
                current={entry.page === current}
                onPick={picked}
                text={text}
              />
            ) : (
              <NavGroup
                key={entry.id}
                entry={entry}
                current={current}
                open={openGroup === entry.id}
                onToggle={() => setOpenGroup(openGroup === entry.id ? null : entry.id)}
                onClose={() => setOpenGroup(null)}
                onPick={picked}
                text={text}
              />
            ),
          )}
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

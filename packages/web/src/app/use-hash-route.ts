import { useEffect, useState } from 'react';

export type PageId =
  | 'overview'
  | 'models'
  | 'runs'
  | 'endpoints'
  | 'playground'
  | 'labeling'
  | 'channels'
  | 'portal';

export interface Route {
  page: PageId;
  params: URLSearchParams;
}

const PAGES: readonly PageId[] = [
  'overview',
  'models',
  'runs',
  'endpoints',
  'playground',
  'labeling',
  'channels',
  'portal',
];

/** Parses `#/models` or `#/playground?endpoint=mnist`; anything unknown is the overview. */
export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const page = PAGES.find((p) => p === path) ?? 'overview';
  return { page, params: new URLSearchParams(query) };
}

/** The hash link to a page, with optional query parameters. */
export function hrefTo(page: PageId, params?: Record<string, string>): string {
  const query = params ? `?${new URLSearchParams(params).toString()}` : '';
  return page === 'overview' && !query ? '#/' : `#/${page}${query}`;
}

/** The current hash route, updated on navigation. */
export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => {
      setRoute(parseHash(window.location.hash));
      window.scrollTo(0, 0);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

import { useIsFetching, useIsMutating } from '@tanstack/react-query';
import type { ReactNode } from 'react';

/**
 * The page's main region. While any query or write is in flight it carries `data-fetching`, so
 * a browser test (or a script driving the console) can wait until what is drawn is what the
 * server holds: a page visited before shows its cached rows while it reads them again, and
 * nothing else on the page says so.
 */
export function AppMain({ className, children }: { className: string; children: ReactNode }) {
  const busy = useIsFetching() + useIsMutating() > 0;
  return (
    <main className={className} data-fetching={busy ? '' : undefined}>
      {children}
    </main>
  );
}

import type { ReactNode } from 'react';

/** A table that scrolls sideways on narrow screens; focusable so keyboards can scroll it too. */
export function TableWrap({ children }: { children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be keyboard-reachable (axe scrollable-region-focusable).
    <div className="table-wrap" tabIndex={0}>
      {children}
    </div>
  );
}

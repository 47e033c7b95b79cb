import { useEffect } from 'react';

/**
 * Keyboard shortcuts of the labeling page: 1-9 pick the n-th class, S skips, while focus is
 * not in a text field.
 */
export function useLabelKeys(
  classes: string[],
  onLabel: (label: string) => void,
  onSkip: () => void,
) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const n = Number.parseInt(event.key, 10);
      if (n >= 1 && n <= 9 && classes[n - 1]) {
        event.preventDefault();
        onLabel(classes[n - 1]!);
      } else if (event.key === 's' || event.key === 'S') {
        event.preventDefault();
        onSkip();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [classes, onLabel, onSkip]);
}

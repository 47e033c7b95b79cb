import { useCallback } from 'react';
import { format, useI18n } from './i18n.tsx';

export type Vars = Record<string, string | number | null | undefined>;
export type Text<K extends string> = (key: K, vars?: Vars) => string;

export interface Messages<K extends string> {
  en: Record<K, string>;
  zh: Record<K, string>;
}

/**
 * A feature's own words in both languages, kept beside its pages so no one file holds every
 * string; `zh` must name every key of `en` (TypeScript checks).
 */
export function defineMessages<K extends string>(
  en: Record<K, string>,
  zh: Record<K, string>,
): Messages<K> {
  return { en, zh };
}

/** The words of `messages` in the console's language; `{name}` filled from `vars`. */
export function useMessages<K extends string>(messages: Messages<K>): Text<K> {
  const { lang } = useI18n();
  return useCallback(
    (key: K, vars?: Vars) => {
      const filled: Record<string, string | number> = {};
      for (const [name, value] of Object.entries(vars ?? {})) {
        filled[name] = value === null || value === undefined ? '–' : value;
      }
      return format(messages[lang][key], filled);
    },
    [lang, messages],
  );
}

import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { en, type MessageKey, type Messages } from './en.ts';
import { zh } from './zh.ts';

export type Lang = 'en' | 'zh';

export const LANG_STORAGE_KEY = 'qudao.lang';
const MESSAGES: Record<Lang, Messages> = { en, zh };

/** The remembered language, else the browser's: Chinese for any `zh-*`, English otherwise. */
export function initialLang(): Lang {
  try {
    const stored = window.localStorage.getItem(LANG_STORAGE_KEY);
    if (stored === 'en' || stored === 'zh') return stored;
  } catch {
    // Storage disabled: fall through to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Fills `{name}` placeholders of a message. */
export function format(message: string, vars?: Record<string, string | number>): string {
  if (!vars) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18nValue {
  lang: Lang;
  /** BCP 47 locale for number and date formatting. */
  locale: string;
  t: Translate;
  setLang: (lang: Lang) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // Not remembered; the choice still holds for this page.
    }
  }, []);
  const value = useMemo<I18nValue>(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    const messages = MESSAGES[lang];
    return {
      lang,
      locale: lang === 'zh' ? 'zh-CN' : 'en-US',
      t: (key, vars) => format(messages[key], vars),
      setLang,
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

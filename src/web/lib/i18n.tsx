// Language of the interface: Bahasa Indonesia by default, English on request; the choice is kept
// in localStorage. useT() gives the translate function and the formatters for the current language.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, id, type MessageKey } from './messages.ts';
import { formatDate, formatDateTime, formatNumber } from './format.ts';

export type Lang = 'id' | 'en';
/** A text the server sends in both languages. */
export interface Bilingual {
  id: string;
  en: string;
}

const STORAGE_KEY = 'sekitar.lang';
const TABLES: Record<Lang, Record<MessageKey, string>> = { id, en };

type Vars = Record<string, string | number>;

export interface Translator {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** Text for a key; numbers in vars get Indonesian separators. */
  t: (key: MessageKey, vars?: Vars) => string;
  /** Text for a key built at run time (field names, sources), or the fallback when there is none. */
  tDynamic: (key: string, fallback: string, vars?: Vars) => string;
  /** The current language's half of a server message. */
  pick: (text: Bilingual) => string;
  num: (n: number) => string;
  date: (iso: string | null | undefined) => string;
  dateTime: (iso: string | null | undefined) => string;
}

function readStoredLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

function fill(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(v) : v;
  });
}

function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(id, key);
}

const LanguageContext = createContext<Translator | null>(null);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(readStoredLang);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const value = useMemo<Translator>(() => {
    const table = TABLES[lang];
    return {
      lang,
      setLang,
      t: (key, vars) => fill(table[key], vars),
      tDynamic: (key, fallback, vars) => fill(isMessageKey(key) ? table[key] : fallback, vars),
      pick: (text) => (lang === 'en' ? text.en : text.id) || text.id || text.en,
      num: formatNumber,
      date: (iso) => formatDate(iso, lang),
      dateTime: (iso) => formatDateTime(iso, lang),
    };
  }, [lang, setLang]);

  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useT(): Translator {
  const value = useContext(LanguageContext);
  if (!value) throw new Error('useT() needs a <LanguageProvider> above it');
  return value;
}

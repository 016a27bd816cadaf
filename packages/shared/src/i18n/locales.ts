// The languages Parley speaks, and how a request's or a page's language tags pick one of them.

export const LOCALES = ['en', 'ru', 'uk', 'sr-Latn', 'sr-Cyrl', 'de', 'fr', 'es', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = 'en';

/** Each language named in itself, for the language picker. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  ru: 'Русский',
  uk: 'Українська',
  'sr-Latn': 'Srpski (latinica)',
  'sr-Cyrl': 'Српски (ћирилица)',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  ar: 'العربية',
};

// Scripts written right to left; a locale added later in one of them mirrors with no other change.
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm']);

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function localeDirection(locale: Locale): 'ltr' | 'rtl' {
  return RTL_SCRIPTS.has(new Intl.Locale(locale).maximize().script ?? '') ? 'rtl' : 'ltr';
}

/**
 * The first supported locale for a language tag: `sr` and `sr-RS` are Cyrillic, `sr-ME` and
 * `sr-Latn-RS` Latin (Intl's likely-subtags data fills in the script), `de-AT` is German.
 */
export function matchLocale(tag: string): Locale | undefined {
  let parsed: Intl.Locale;
  try {
    parsed = new Intl.Locale(tag.trim()).maximize();
  } catch {
    return undefined;
  }
  const withScript = `${parsed.language}-${parsed.script ?? ''}`;
  if (isLocale(withScript)) return withScript;
  return isLocale(parsed.language) ? parsed.language : undefined;
}

/**
 * The first candidate that names a supported locale, in order of preference; lists (a browser's
 * languages, a parsed Accept-Language) are tried in their own order. Empty and unknown tags are skipped.
 */
export function resolveLocale(
  candidates: readonly (string | readonly string[] | null | undefined)[],
  fallback: Locale = DEFAULT_LOCALE,
): Locale {
  for (const candidate of candidates) {
    for (const tag of typeof candidate === 'string' ? [candidate] : (candidate ?? [])) {
      const locale = tag ? matchLocale(tag) : undefined;
      if (locale) return locale;
    }
  }
  return fallback;
}

/**
 * The catalogues' namespaces: `reader` (the article page, the embed, the account), `moderate`
 * (/moderate), `errors` (the error catalogue's messages), `mail` (subjects and bodies). Browsers
 * load only what they show; `mail` stays on the server.
 */
export const NAMESPACES = ['reader', 'moderate', 'errors', 'mail'] as const;
export type Namespace = (typeof NAMESPACES)[number];
export const BROWSER_NAMESPACES: readonly Namespace[] = ['reader', 'moderate', 'errors'];

import { IntlMessageFormat } from 'intl-messageformat';
import type { Locale } from './locales.js';

// Catalogues are nested JSON objects of ICU MessageFormat strings: `{ "thread": { "count": "{count, plural, …}" } }`.
export type Catalogue = { readonly [key: string]: string | Catalogue };

export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;

/** The message at a dotted key (`thread.count`), or undefined when the catalogue has none there. */
export function lookupMessage(catalogue: Catalogue, key: string): string | undefined {
  let node: string | Catalogue | undefined = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Every dotted key of a catalogue, for the tests that keep catalogues in step. */
export function catalogueKeys(catalogue: Catalogue, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === 'string' ? [prefix + key] : catalogueKeys(value, `${prefix}${key}.`),
  );
}

/** A compiled ICU message: plurals follow the locale's own rules (three forms in Russian, six in Arabic). */
export function compileMessage(message: string, locale: Locale): IntlMessageFormat {
  return new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
}

/** A translator over one catalogue: unknown keys come back as the key, so a gap shows instead of breaking a page. */
export function createTranslator(locale: Locale, catalogue: Catalogue) {
  const compiled = new Map<string, IntlMessageFormat>();
  return (key: string, values?: MessageValues): string => {
    let format = compiled.get(key);
    if (!format) {
      const message = lookupMessage(catalogue, key);
      if (message === undefined) return key;
      format = compileMessage(message, locale);
      compiled.set(key, format);
    }
    return String(format.format(values as Record<string, string | number | Date | boolean>));
  };
}

import { parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Locale } from './locales.js';
import type { Catalogue, MessageValues } from './messages.js';

/**
 * A catalogue with every message already parsed into ICU syntax trees. The api parses once and
 * serves this form, so browsers format messages without shipping the ICU parser (the embed's size
 * budget): the web's builds swap the parser for its `no-parser` stub.
 */
export type CompiledCatalogue = { readonly [key: string]: MessageFormatElement[] | CompiledCatalogue };

export function compileCatalogue(catalogue: Catalogue): CompiledCatalogue {
  return Object.fromEntries(
    Object.entries(catalogue).map(([key, value]) => [
      key,
      typeof value === 'string' ? parse(value, { ignoreTag: true }) : compileCatalogue(value),
    ]),
  );
}

/** The parsed message at a dotted key, or undefined. */
export function lookupCompiled(
  catalogue: CompiledCatalogue,
  key: string,
): MessageFormatElement[] | undefined {
  let node: MessageFormatElement[] | CompiledCatalogue | undefined = catalogue;
  for (const part of key.split('.')) {
    if (node === undefined || Array.isArray(node)) return undefined;
    node = node[part];
  }
  return Array.isArray(node) ? node : undefined;
}

/** A translator over parsed catalogues (merged namespaces); unknown keys come back as the key. */
export function createCompiledTranslator(locale: Locale, catalogues: readonly CompiledCatalogue[]) {
  const formats = new Map<string, IntlMessageFormat>();
  return (key: string, values?: MessageValues): string => {
    let format = formats.get(key);
    if (!format) {
      const ast = catalogues.map((catalogue) => lookupCompiled(catalogue, key)).find(Boolean);
      if (!ast) return key;
      format = new IntlMessageFormat(ast, locale);
      formats.set(key, format);
    }
    return String(format.format(values as Record<string, string | number | Date | boolean>));
  };
}

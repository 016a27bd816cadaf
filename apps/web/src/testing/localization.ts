/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  BROWSER_NAMESPACES,
  compileCatalogue,
  type Catalogue,
  type CompiledCatalogue,
  type Locale,
} from '@parley/shared/i18n';
import { createLocalization, type Localization } from '../i18n/localization.js';

const require = createRequire(import.meta.url);

/** A catalogue as the api serves it (`/locales/<locale>/<namespace>.json`, parsed), read from the repository. */
export function servedCatalogue(locale: Locale, namespace: string): CompiledCatalogue {
  return compileCatalogue(
    JSON.parse(
      readFileSync(require.resolve(`@parley/shared/locales/${locale}/${namespace}.json`), 'utf8'),
    ) as Catalogue,
  );
}

/** A localization reading the repository's catalogues from disk, as the api would serve them. */
export async function testLocalization(locale: Locale = 'en'): Promise<Localization> {
  const localization = createLocalization({
    namespaces: BROWSER_NAMESPACES,
    load: async (wanted, namespace) => servedCatalogue(wanted, namespace),
  });
  await localization.setLocale(locale);
  return localization;
}

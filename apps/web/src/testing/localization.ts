/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BROWSER_NAMESPACES, compileCatalogue, type Catalogue, type Locale } from '@parley/shared/i18n';
import { createLocalization, type Localization } from '../i18n/localization.js';

const require = createRequire(import.meta.url);

/** A localization reading the repository's catalogues from disk, as the api would serve them. */
export async function testLocalization(locale: Locale = 'en'): Promise<Localization> {
  const localization = createLocalization({
    namespaces: BROWSER_NAMESPACES,
    load: async (wanted, namespace) =>
      compileCatalogue(
        JSON.parse(
          readFileSync(require.resolve(`@parley/shared/locales/${wanted}/${namespace}.json`), 'utf8'),
        ) as Catalogue,
      ),
  });
  await localization.setLocale(locale);
  return localization;
}

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  LOCALES,
  NAMESPACES,
  compileCatalogue,
  createTranslator,
  type Catalogue,
  type Locale,
  type MessageValues,
  type Namespace,
} from '@parley/shared/i18n';

// The catalogues ship inside @parley/shared (packages/shared/locales); resolving through the package
// finds them in the workspace and in the deployed image alike.
const require = createRequire(import.meta.url);

function readCatalogue(locale: Locale, namespace: Namespace): Catalogue {
  return JSON.parse(
    readFileSync(require.resolve(`@parley/shared/locales/${locale}/${namespace}.json`), 'utf8'),
  ) as Catalogue;
}

/** A catalogue as browsers get it: parsed once, serialized once, with its ETag. */
export interface ServedCatalogue {
  body: string;
  etag: string;
}

/** Every locale's catalogues, read once per process (they are small: a few hundred kilobytes in all). */
export class Catalogues {
  private readonly sources = new Map<string, Catalogue>();
  private readonly served = new Map<string, ServedCatalogue>();
  private readonly translators = new Map<string, (key: string, values?: MessageValues) => string>();

  source(locale: Locale, namespace: Namespace): Catalogue {
    const id = `${locale}/${namespace}`;
    let catalogue = this.sources.get(id);
    if (!catalogue) {
      catalogue = readCatalogue(locale, namespace);
      this.sources.set(id, catalogue);
    }
    return catalogue;
  }

  /** The parsed form the web formats without an ICU parser of its own. */
  compiled(locale: Locale, namespace: Namespace): ServedCatalogue {
    const id = `${locale}/${namespace}`;
    let served = this.served.get(id);
    if (!served) {
      const body = JSON.stringify(compileCatalogue(this.source(locale, namespace)));
      served = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
      this.served.set(id, served);
    }
    return served;
  }

  /** A translator for server-side text (mail, error messages) in one locale and namespace. */
  translator(locale: Locale, namespace: Namespace): (key: string, values?: MessageValues) => string {
    const id = `${locale}/${namespace}`;
    let translate = this.translators.get(id);
    if (!translate) {
      translate = createTranslator(locale, this.source(locale, namespace));
      this.translators.set(id, translate);
    }
    return translate;
  }

  /** Reads and parses them all, so a broken catalogue stops the start instead of a page. */
  loadAll(): void {
    for (const locale of LOCALES) for (const namespace of NAMESPACES) this.compiled(locale, namespace);
  }
}

/** One set per process: the catalogues never change while it runs. */
export const catalogues = new Catalogues();

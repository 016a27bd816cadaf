import type { CompiledCatalogue, Locale, Namespace } from '@parley/shared/i18n';

// One fetch per catalogue per page, shared by the full app and every embed element on it.
const loading = new Map<string, Promise<CompiledCatalogue>>();

/**
 * A catalogue from the api (`/locales/<locale>/<namespace>.json`, parsed there), fetched only when
 * a screen in that language needs it. A failed fetch is forgotten, so the next attempt retries.
 */
export function fetchCatalogue(
  baseUrl: string,
  locale: Locale,
  namespace: Namespace,
): Promise<CompiledCatalogue> {
  const url = `${baseUrl}/locales/${locale}/${namespace}.json`;
  let catalogue = loading.get(url);
  if (!catalogue) {
    catalogue = fetch(url, { credentials: 'omit' }).then(async (response) => {
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      return (await response.json()) as CompiledCatalogue;
    });
    catalogue.catch(() => loading.delete(url));
    loading.set(url, catalogue);
  }
  return catalogue;
}

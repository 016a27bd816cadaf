import { DEFAULT_LOCALE, resolveLocale, type Locale } from '@parley/shared/i18n';
import Negotiator from 'negotiator';

/**
 * The locale an `Accept-Language` header asks for: its languages in the order of their q-values,
 * the first Parley speaks, else `fallback`. The web sends its current locale in this header on every
 * request (and in the socket handshake), so answers come in the language the page shows.
 */
export function acceptedLocale(
  header: string | string[] | undefined,
  fallback: Locale = DEFAULT_LOCALE,
): Locale {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return fallback;
  const languages = new Negotiator({ headers: { 'accept-language': value } }).languages();
  return resolveLocale([languages.filter((language) => language !== '*')], fallback);
}

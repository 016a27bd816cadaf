import { DEFAULT_LOCALE, localeDirection, resolveLocale, type Locale } from '@parley/shared/i18n';
import type { Request } from 'express';
import Negotiator from 'negotiator';

/** The locale a request asks for by Accept-Language (in its order of preference), else the site's. */
export function requestLocale(request: Request, fallback: Locale): Locale {
  return resolveLocale([request.acceptsLanguages()], fallback);
}

/**
 * The same for a bare `Accept-Language` value (a socket handshake's), read by Negotiator as Express
 * reads a request's: its languages in the order of their q-values, the first Parley speaks.
 */
export function acceptedLocale(
  header: string | string[] | undefined,
  fallback: Locale = DEFAULT_LOCALE,
): Locale {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return fallback;
  return resolveLocale([new Negotiator({ headers: { 'accept-language': value } }).languages()], fallback);
}

/** The web app's page with its `<html>` element in the reader's language and direction. */
export function pageInLanguage(html: string, locale: Locale): string {
  return html.replace(/<html\b[^>]*>/i, `<html lang="${locale}" dir="${localeDirection(locale)}">`);
}

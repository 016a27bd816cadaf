import { localeDirection, resolveLocale, type Locale } from '@parley/shared/i18n';
import type { Request } from 'express';

/** The locale a request asks for by Accept-Language (in its order of preference), else the site's. */
export function requestLocale(request: Request, fallback: Locale): Locale {
  return resolveLocale([request.acceptsLanguages()], fallback);
}

/** The web app's page with its `<html>` element in the reader's language and direction. */
export function pageInLanguage(html: string, locale: Locale): string {
  return html.replace(/<html\b[^>]*>/i, `<html lang="${locale}" dir="${localeDirection(locale)}">`);
}

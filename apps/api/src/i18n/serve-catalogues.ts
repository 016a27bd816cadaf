import { BROWSER_NAMESPACES, isLocale, type Namespace } from '@parley/shared/i18n';
import type { NextFunction, Request, Response } from 'express';
import type { Catalogues } from './catalogues.js';

const CATALOGUE_PATH = /^\/locales\/([A-Za-z-]{2,8}(?:-[A-Za-z]{4})?)\/([a-z]+)\.json$/;

/**
 * `GET /locales/<locale>/<namespace>.json`: a browser catalogue, parsed (README, Languages). The
 * full page and the embed fetch only their reader's language. Stable names like embed.js, so cached
 * briefly and revalidated by ETag; every origin may read them (the embed runs on the host's page).
 */
export function serveCatalogues(catalogues: Catalogues) {
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const match = CATALOGUE_PATH.exec(request.path);
    if (!match) return next();
    const [, locale, namespace] = match;
    if (!isLocale(locale) || !BROWSER_NAMESPACES.includes(namespace as Namespace)) return next();
    const { body, etag } = catalogues.compiled(locale, namespace as Namespace);
    response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    // Any page may read them, even one not in PARLEY_ORIGINS: the embed needs its words to say so.
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Cache-Control', 'public, max-age=300');
    response.setHeader('ETag', etag);
    if (request.headers['if-none-match'] === etag) {
      response.status(304).end();
      return;
    }
    response.type('application/json').send(body);
  };
}

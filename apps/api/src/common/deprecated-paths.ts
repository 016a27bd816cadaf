import type { NextFunction, Request, Response } from 'express';

/** When the article names were deprecated (2026-12-07) and when they may go (RFC 9745, RFC 8594). */
const DEPRECATED_AT = '@1796601600';
const SUNSET = 'Wed, 30 Jun 2027 23:59:59 GMT';

const OLD_PREFIX = /^\/api\/articles(?=\/)/;

/**
 * The API paths from before stories still answer, for embeds and clients already in the wild
 * (README, "Deprecated names"): `/api/articles/<slug>…` is routed as `/api/stories/<slug>…`, with
 * the same guards and limits, and each answer says it is deprecated and names its successor.
 */
export function storyPathAliases() {
  return (request: Request, response: Response, next: NextFunction) => {
    if (!OLD_PREFIX.test(request.url)) return next();
    request.url = request.url.replace(OLD_PREFIX, '/api/stories');
    response.setHeader('Deprecation', DEPRECATED_AT);
    response.setHeader('Sunset', SUNSET);
    response.setHeader('Link', `<${request.url.split('?')[0]}>; rel="successor-version"`);
    next();
  };
}

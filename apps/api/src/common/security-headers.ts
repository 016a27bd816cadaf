import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { Config } from '../config/config.js';

/**
 * Who may show Parley's pages in a frame: the one place to change when the story page is
 * embedded on publishers' sites (list their origins under `stories` then). The moderation page
 * is never framed, so no other site can overlay it and steer a moderator's clicks.
 */
const FRAME_ANCESTORS = {
  moderation: ["'none'"],
  stories: ["'none'"],
};

function frameAncestorsFor(path: string): string[] {
  return /^\/moderate(\/|$)/.test(path) ? FRAME_ANCESTORS.moderation : FRAME_ANCESTORS.stories;
}

/**
 * The live connection's websocket: `'self'` covers ws(s) of the page's host in CSP level 3, but not
 * in every browser yet, so the configured origins are named too (PARLEY_ORIGINS, else
 * PARLEY_PUBLIC_URL's). Never the request's Host: a header does not decide an origin.
 */
export function websocketSources(config: Pick<Config, 'allowedOrigins' | 'publicUrl'>): string[] {
  const origins =
    config.allowedOrigins.length > 0
      ? config.allowedOrigins
      : config.publicUrl
        ? [new URL(config.publicUrl).origin]
        : [];
  return origins.map((origin) => origin.replace(/^http/, 'ws'));
}

/**
 * Security headers on every answer (helmet): nosniff, Referrer-Policy strict-origin-when-cross-origin,
 * HSTS when cookies are Secure (the site is on HTTPS), and a Content Security Policy: for the web
 * app, scripts, styles and connections from this site only (no inline script, no eval) and the
 * framing policy above; for the API, which serves JSON only, nothing at all; for the API reference
 * page, its own files and fetches to this site.
 */
export function securityHeaders(config: Config): RequestHandler {
  const common = helmet({
    contentSecurityPolicy: false,
    // frame-ancestors says it per page; X-Frame-Options cannot name origins.
    xFrameOptions: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: config.secureCookies ? { maxAge: 365 * 24 * 3600 } : false,
  });
  const apiPolicy = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  });
  // The API reference page (/api/docs): Swagger UI from this server, reading /api/openapi.json.
  // Only what it needs: its script and stylesheet files, the data: images its stylesheet holds, and
  // fetches to this site ("try it out"). No inline script; never framed.
  const referencePolicy = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  });
  const pagePolicy = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'", ...websocketSources(config)],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: [(request) => frameAncestorsFor((request as Request).path).join(' ')],
      ...(config.secureCookies && { upgradeInsecureRequests: [] }),
    },
  });
  return (request: Request, response: Response, next: NextFunction) => {
    common(request, response, (error?: unknown) => {
      if (error) return next(error);
      const policy = /^\/api\/docs\/?$/.test(request.path)
        ? referencePolicy
        : /^\/api(\/|$)/.test(request.path)
          ? apiPolicy
          : pagePolicy;
      policy(request, response, next);
    });
  };
}

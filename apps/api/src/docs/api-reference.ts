import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Where the reference page's script and styles are served from (Swagger UI, from its npm package). */
export const ASSETS_PREFIX = '/api/docs/assets';

/**
 * The reference page: Swagger UI reading /api/openapi.json, every file from this server, no inline
 * script or style (its CSP is in common/security-headers.ts).
 */
export const API_REFERENCE_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Parley API reference</title>
    <link rel="stylesheet" href="${ASSETS_PREFIX}/swagger-ui.css">
  </head>
  <body>
    <main id="reference" aria-label="Parley API reference"></main>
    <script src="${ASSETS_PREFIX}/swagger-ui-bundle.js"></script>
    <script src="${ASSETS_PREFIX}/start.js"></script>
  </body>
</html>
`;

/** Starts Swagger UI on the page (a file, not inline: the page's CSP allows no inline script). */
const START_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#reference',
  deepLinking: true,
  // Requests sent from the page carry the session cookie, as the web app's do.
  withCredentials: true,
});
`;

const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, { type: string; body: () => Buffer | string }> = {
  'swagger-ui.css': {
    type: 'text/css; charset=utf-8',
    body: () => readFileSync(`${SWAGGER_UI_DIR}/swagger-ui.css`),
  },
  'swagger-ui-bundle.js': {
    type: 'text/javascript; charset=utf-8',
    body: () => readFileSync(`${SWAGGER_UI_DIR}/swagger-ui-bundle.js`),
  },
  'start.js': { type: 'text/javascript; charset=utf-8', body: () => START_SCRIPT },
};

/**
 * Serves the three files the reference page loads, read on first request and kept. Not Nest routes:
 * files, like the web app's assets, rather than API operations.
 */
export function serveApiReferenceAssets(app: NestExpressApplication): void {
  const cache = new Map<string, Buffer | string>();
  app.use(ASSETS_PREFIX, (request: Request, response: Response, next: NextFunction) => {
    const name = request.path.replace(/^\//, '');
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset || (request.method !== 'GET' && request.method !== 'HEAD')) return next();
    if (!cache.has(name)) cache.set(name, asset.body());
    response.setHeader('Content-Type', asset.type);
    response.setHeader('Cache-Control', 'public, max-age=3600');
    response.send(cache.get(name));
  });
}

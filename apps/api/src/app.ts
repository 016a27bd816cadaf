import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { Locale } from '@parley/shared/i18n';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module.js';
import type { TrustProxy } from './common/client-address.js';
import { corsOptions } from './common/cors.js';
import { storyPathAliases } from './common/deprecated-paths.js';
import { listedOrigins } from './common/origin.js';
import { securityHeaders } from './common/security-headers.js';
import type { Config } from './config/config.js';
import { serveApiReferenceAssets } from './docs/api-reference.js';
import { catalogues } from './i18n/catalogues.js';
import { pageInLanguage, requestLocale } from './i18n/request-locale.js';
import { serveCatalogues } from './i18n/serve-catalogues.js';
import { createPino, ParleyLogger } from './logging/parley-logger.js';
import { requestLog } from './logging/request-log.js';
import { httpMetrics } from './metrics/http-metrics.js';
import { Metrics } from './metrics/metrics.js';
import { ParleyIoAdapter } from './realtime/parley-io.adapter.js';

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Builds the whole application (HTTP, sockets, static web app) without listening; tests use it too.
 * The logger defaults to pino as PARLEY_LOG_FORMAT and PARLEY_LOG_LEVEL say; `false`: silent.
 */
export async function createApp(
  config: Config,
  options: { logger?: false | LoggerService } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: options.logger ?? new ParleyLogger(createPino(config.log)),
    bodyParser: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // First, so everything a request causes runs inside its context (and carries its id).
  app.use(requestLog(app.getHttpAdapter().getInstance().get('trust proxy fn') as TrustProxy));
  app.use(httpMetrics(app.get(Metrics)));
  app.useBodyParser('json', { limit: '64kb' });
  app.use(storyPathAliases());
  app.use(securityHeaders(config));
  app.use(cookieParser());
  app.enableCors(corsOptions(listedOrigins(config)));
  app.useWebSocketAdapter(
    new ParleyIoAdapter(
      app,
      listedOrigins(config),
      app.getHttpAdapter().getInstance().get('trust proxy fn') as TrustProxy,
    ),
  );
  app.use(closeConnectionsWhenStopping(app.getHttpServer() as Server));
  serveApiReferenceAssets(app);
  catalogues.loadAll();
  app.use(serveCatalogues(catalogues));
  // No enableShutdownHooks here: main.ts handles SIGTERM itself (drain, then exit 0); tests call close().
  serveWebApp(app, config.webDist ?? DEFAULT_WEB_DIST, config.defaultLocale);
  return app;
}

/** In production the built web app is served from the API's port; unknown paths get index.html (client routing). */
function serveWebApp(app: NestExpressApplication, webDist: string, defaultLocale: Locale): void {
  const index = join(webDist, 'index.html');
  if (!existsSync(index)) return;
  // Vite puts every built file but index.html under /assets (content-hashed, so cached for good);
  // mounting only there keeps API requests from looking for a file first.
  app.useStaticAssets(join(webDist, 'assets'), {
    prefix: '/assets/',
    index: false,
    maxAge: '1y',
    immutable: true,
  });
  app.use(serveEmbedScripts(webDist));
  app.use((request: Request, response: Response, next: NextFunction) => {
    // Express answers HEAD with a GET handler only for routes (app.get); this is middleware, so it
    // names HEAD itself, and sendFile answers HEAD with the headers alone.
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !/^\/(api|socket\.io|assets|locales)(\/|$)/.test(request.path);
    if (!wantsPage) return next();
    response.setHeader('Cache-Control', 'no-cache');
    // The page starts in the reader's language (the app then applies a saved preference).
    response.setHeader('Vary', 'Accept-Language');
    readFile(index, 'utf8').then(
      (html) => response.type('html').send(pageInLanguage(html, requestLocale(request, defaultLocale))),
      next,
    );
  });
}

/** The scripts other sites load with `<script src>` (README, Embedding Parley). */
const EMBED_SCRIPTS = new Set(['/embed.js', '/count.js']);

/**
 * Serves embed.js and count.js to any site: helmet's `Cross-Origin-Resource-Policy: same-origin`
 * would make browsers refuse them on another origin. Their names are stable (the snippet in a host's
 * templates names them), so they are cached only briefly, and a new version reaches readers soon.
 */
function serveEmbedScripts(webDist: string) {
  return (request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !EMBED_SCRIPTS.has(request.path))
      return next();
    const file = join(webDist, request.path.slice(1));
    if (!existsSync(file)) return next();
    response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    response.setHeader('Cache-Control', 'public, max-age=300');
    response.type('text/javascript');
    response.sendFile(file);
  };
}

/**
 * Once the listener has closed (shutdown), every answer says `Connection: close`. Node keeps serving
 * further requests on open keep-alive connections after `server.close()`, so a busy client or a
 * proxy's upstream pool would otherwise keep a draining node alive forever; with this each such
 * connection carries at most one more request and the next goes to a node that is still up.
 */
function closeConnectionsWhenStopping(server: Server) {
  return (_request: Request, response: Response, next: NextFunction) => {
    if (!server.listening) response.setHeader('Connection', 'close');
    next();
  };
}

import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics.js';

/**
 * Times every HTTP request and labels it with the route's pattern (`/api/stories/:slug/comments`),
 * never the raw path, so a stranger's made-up URLs cannot grow the label set: requests no route
 * matched (the web app's pages, files, 404s) share one label.
 */
export function httpMetrics(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction) => {
    const stopTimer = metrics.httpRequestDuration.startTimer();
    response.once('finish', () => {
      const route = (request.route as { path?: unknown } | undefined)?.path;
      stopTimer({
        method: request.method,
        route: typeof route === 'string' ? route : 'unmatched',
        status: String(response.statusCode),
      });
    });
    next();
  };
}

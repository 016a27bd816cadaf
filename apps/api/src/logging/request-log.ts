import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { TrustProxy } from '../common/client-address.js';
import {
  isWellFormedRequestId,
  newRequestId,
  requestContext,
  type RequestContext,
} from './request-context.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * Gives every HTTP request an id, answers it in `X-Request-Id`, and serves the request inside its
 * context (request-context.ts) so every line the request causes carries it. An incoming
 * `X-Request-Id` is kept only from a proxy `PARLEY_TRUST_PROXY` trusts (a balancer that made one
 * already); from anyone else it could forge another request's id in the logs.
 *
 * When the answer is sent, one line: method, the route's pattern (never the raw path, whose query
 * may hold a token), status, duration and the user; never a body or a header.
 */
export function requestLog(trustProxy: TrustProxy) {
  const logger = new Logger('HTTP');
  return (request: Request, response: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const incoming = request.header(REQUEST_ID_HEADER);
    const trusted = trustProxy(request.socket.remoteAddress ?? '', 0) && isWellFormedRequestId(incoming);
    const context: RequestContext = { requestId: trusted ? incoming! : newRequestId() };
    response.setHeader(REQUEST_ID_HEADER, context.requestId);
    // 'close', not 'finish': a request the client gave up on is logged too (`aborted`).
    response.once('close', () => {
      const pattern = (request.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? pattern : null;
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 10_000) / 100;
      const userId = (request as { user?: { id?: string } | null }).user?.id;
      const status = response.statusCode;
      const aborted = !response.writableFinished;
      logger.log({
        msg: `${request.method} ${route ?? '(no route)'} ${status} ${durationMs} ms${aborted ? ' (aborted)' : ''}`,
        requestId: context.requestId,
        ...(userId ? { userId } : {}),
        method: request.method,
        route,
        status,
        durationMs,
        ...(aborted ? { aborted } : {}),
      });
    });
    requestContext.run(context, next);
  };
}

/** The session guard names the user for the rest of the request's lines. */
export function setRequestUser(userId: string | undefined): void {
  const context = requestContext.current();
  if (context && userId) context.userId = userId;
}

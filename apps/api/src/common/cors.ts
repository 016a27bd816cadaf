import type {
  CorsOptions,
  CorsOptionsDelegate,
} from '@nestjs/common/interfaces/external/cors-options.interface.js';
import type { Request } from 'express';
import { expressOwnOrigin, isAllowedOrigin } from './origin.js';

/** How long a browser may reuse a preflight's answer, so an embed does not preflight every request. */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * CORS for pages on the host sites (PARLEY_ORIGINS) and Parley's own origin: exactly the origins
 * `isAllowedOrigin` takes, no others. No credentials: cross-site pages sign in with a bearer token,
 * never a third-party cookie. ETag and Retry-After are readable by the page (conditional reads, waits).
 */
export function corsOptions(allowedOrigins: readonly string[]): CorsOptionsDelegate<Request> {
  return (request, callback) => {
    const origin = request.headers.origin;
    const options: CorsOptions = {
      // Echo the one origin when it is allowed (never `*`); false: no CORS headers, the browser refuses.
      origin:
        origin !== undefined && isAllowedOrigin(origin, expressOwnOrigin(request), allowedOrigins)
          ? origin
          : false,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Content-Type', 'Authorization', 'X-Socket-Id'],
      exposedHeaders: ['ETag', 'Retry-After'],
      credentials: false,
      maxAge: CORS_MAX_AGE_SECONDS,
      optionsSuccessStatus: 204,
    };
    callback(null, options);
  };
}

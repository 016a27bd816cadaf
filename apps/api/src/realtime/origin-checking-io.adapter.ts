import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import { CORS_MAX_AGE_SECONDS } from '../common/cors.js';
import { isAllowedOrigin } from '../common/origin.js';

/**
 * socket.io with the HTTP origin rule on its handshake: the cookie authenticates a socket, so a
 * page on an origin that is not allowed (a sibling subdomain, say) must not open one with a
 * visitor's cookie. `allowRequest` runs before any transport is set up, for polling and websocket
 * alike. The polling transport answers CORS for the listed origins (pages of the host sites).
 */
export class OriginCheckingIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly allowedOrigins: readonly string[],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    return super.createIOServer(port, {
      ...options,
      cors: { origin: [...this.allowedOrigins], credentials: false, maxAge: CORS_MAX_AGE_SECONDS },
      allowRequest: (request, callback) => {
        const allowed = isAllowedOrigin(request.headers.origin, request.headers.host, this.allowedOrigins);
        callback(allowed ? null : 'origin not allowed', allowed);
      },
    } as ServerOptions);
  }
}

import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { CORS_MAX_AGE_SECONDS } from '../common/cors.js';
import type { TrustProxy } from '../common/client-address.js';
import { isAllowedOrigin, requestOwnOrigin } from '../common/origin.js';
import { newRequestId, requestContext } from '../logging/request-context.js';

/**
 * socket.io as Parley runs it: the HTTP origin rule on the handshake, and gateway handlers bound
 * with plain listeners.
 */
export class ParleyIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly allowedOrigins: readonly string[],
    /** Express's "trust proxy" rule, for the scheme a proxy says the browser used. */
    private readonly trust: TrustProxy,
  ) {
    super(app);
  }

  /**
   * The cookie authenticates a socket, so a page on an origin that is not allowed (a sibling
   * subdomain, say) must not open one with a visitor's cookie. `allowRequest` runs before any
   * transport is set up, for polling and websocket alike. The polling transport answers CORS for
   * the listed origins (pages of the host sites).
   */
  override createIOServer(port: number, options?: ServerOptions): Server {
    return super.createIOServer(port, {
      ...options,
      cors: { origin: [...this.allowedOrigins], credentials: false, maxAge: CORS_MAX_AGE_SECONDS },
      allowRequest: (request, callback) => {
        const allowed = isAllowedOrigin(
          request.headers.origin,
          requestOwnOrigin(request, this.trust),
          this.allowedOrigins,
        );
        callback(allowed ? null : 'origin not allowed', allowed);
      },
    } as ServerOptions);
  }

  /**
   * What Nest's own binding does (the handler's answer goes to the client's ack, or out as an
   * event; a failure is logged, and the socket keeps listening), without its RxJS pipeline per
   * socket and event: heap snapshots at 3,000 sockets put that at over a third of a connection's
   * memory, and a node holds 10,000 of them. A socket that disconnected gets no answer.
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    transform: (result: unknown) => Observable<unknown>,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message, (...args: unknown[]) => {
        // Each inbound event is a request of its own: what it causes logs under its id.
        const user = (socket.data as { user?: { id: string } | null }).user;
        requestContext.run({ requestId: newRequestId(), userId: user?.id }, () =>
          this.handle(socket, message, args, callback, transform, isAckHandledManually),
        );
      });
    }
  }

  private handle(
    socket: Socket,
    message: string,
    args: unknown[],
    callback: MessageMappingProperties['callback'],
    transform: (result: unknown) => Observable<unknown>,
    isAckHandledManually: boolean | undefined,
  ): void {
    this.logger.debug({ msg: `socket event ${message}`, event: message });
    const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]);
    let answers: Observable<unknown>;
    try {
      answers = transform(callback(data, ack));
    } catch (error) {
      this.logger.error(error);
      return;
    }
    answers.subscribe({
      next: (answer) => {
        if (answer === undefined || answer === null || !socket.connected) return;
        const { event, data: payload } = answer as { event?: string; data?: unknown };
        if (event) socket.emit(event, payload);
        else if (!isAckHandledManually && typeof ack === 'function') ack(answer);
      },
      error: (error: unknown) => this.logger.error(error),
    });
  }
}

import { Logger } from '@nestjs/common';
import { WebSocketGateway } from '@nestjs/websockets';
import type { Ack } from '@parley/shared';
import { AppError } from '../common/app-error.js';
import { isDatabaseUnavailable } from '../common/database-errors.js';

/**
 * Marks a feature's class of socket handlers. Every gateway shares the one socket.io server the
 * first of them creates, with these options; RealtimeGateway holds the handshake and the limits.
 */
export const SocketHandlers = () =>
  WebSocketGateway({ serveClient: false, pingInterval: 20_000, pingTimeout: 20_000 });

/** Runs a handler and turns its outcome into an acknowledgement; unknown errors are logged, not leaked. */
export async function acknowledge<T>(logger: Logger, work: () => Promise<T>): Promise<Ack<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toBody() };
    // The database is away: the client may retry; the outage itself is logged once elsewhere.
    if (isDatabaseUnavailable(error))
      return { ok: false, error: new AppError('server/unavailable').toBody() };
    logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { ok: false, error: new AppError('server/internal').toBody() };
  }
}

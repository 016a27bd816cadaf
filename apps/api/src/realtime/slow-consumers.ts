import { Logger } from '@nestjs/common';
import type { ParleyServer } from './realtime.types.js';

/**
 * Packets a socket may have waiting to be written before it is dropped. A client that stops
 * reading (a frozen tab, a dead mobile link the kernel has not noticed yet) first fills the TCP
 * buffers (a few MB on Linux), then engine.io queues every further packet in memory. 1,000
 * packets is minutes of a busy thread for a reader, yet bounds that queue at a few MB per socket.
 */
export const MAX_BUFFERED_PACKETS = 1000;
const CHECK_EVERY_MS = 1000;

/** What of engine.io's connection this needs: its outgoing queue, and a way to cut it at once. */
interface EngineConnection {
  writeBuffer: unknown[];
  transport: { name: string; socket?: { terminate?: () => void } };
  close(discard?: boolean): void;
}

/**
 * Every second, drops the sockets whose outgoing queue is over MAX_BUFFERED_PACKETS. A websocket
 * is terminated (a graceful close would wait behind the unread data); the client, if it is alive
 * after all, reconnects and catches up like after any other disconnect.
 */
export function dropSlowConsumers(
  server: ParleyServer,
  maxBufferedPackets = MAX_BUFFERED_PACKETS,
): () => void {
  const logger = new Logger('Realtime');
  const timer = setInterval(() => {
    let dropped = 0;
    for (const socket of server.of('/').sockets.values()) {
      const connection = socket.conn as unknown as EngineConnection;
      if (connection.writeBuffer.length <= maxBufferedPackets) continue;
      dropped++;
      const terminate = connection.transport.socket?.terminate;
      if (connection.transport.name === 'websocket' && terminate) terminate.call(connection.transport.socket);
      else connection.close(true);
    }
    if (dropped > 0) {
      logger.warn(
        `dropped ${dropped} socket(s) that stopped reading (over ${maxBufferedPackets} packets queued)`,
      );
    }
  }, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

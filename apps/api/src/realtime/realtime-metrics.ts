import type { Metrics } from '../metrics/metrics.js';
import type { ParleyServer } from './realtime.types.js';

/**
 * Live sockets and rooms (read at scrape time) and every event this node broadcasts, counted where
 * socket.io hands a broadcast to its adapter: once per emit, whatever the room's size. Events the
 * Redis adapter relays from other nodes take another path inside it and count on the node that
 * emitted them.
 */
export function measureRealtime(server: ParleyServer, metrics: Metrics): void {
  const namespace = server.of('/');
  const adapter = namespace.adapter;
  const broadcast = adapter.broadcast.bind(adapter);
  adapter.broadcast = (packet, options) => {
    const [event] = (packet as { data?: unknown[] }).data ?? [];
    if (typeof event === 'string') metrics.socketEventsEmitted.inc({ event });
    broadcast(packet, options);
  };
  metrics.onScrape(() => {
    metrics.socketsConnected.set(namespace.sockets.size);
    let rooms = 0;
    // Each socket is alone in a room named after its id: those are not rooms anyone joined.
    for (const name of adapter.rooms.keys()) if (!namespace.sockets.has(name)) rooms += 1;
    metrics.socketRooms.set(rooms);
  });
}

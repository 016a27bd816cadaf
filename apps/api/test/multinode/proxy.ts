import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * The smallest load balancer that shows failover: a loopback TCP proxy that sends each new
 * connection to the first upstream port that accepts it. Plain TCP, so websocket upgrades pass
 * through untouched. `connections` counts where each connection went, by port.
 */
export interface FailoverProxy {
  port: number;
  url: string;
  connections: Map<number, number>;
  close(): Promise<void>;
}

export async function startFailoverProxy(upstreamPorts: number[]): Promise<FailoverProxy> {
  const connections = new Map<number, number>();
  const open = new Set<Socket>();

  function track(socket: Socket): void {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  }

  function forward(client: Socket, candidates: number[]): void {
    const [port, ...rest] = candidates;
    if (port === undefined || client.destroyed) {
      client.destroy();
      return;
    }
    const upstream = connect({ host: '127.0.0.1', port });
    track(upstream);
    // Refused before connecting (that node is gone): try the next one, as a load balancer's next-upstream does.
    upstream.once('error', () => forward(client, rest));
    upstream.once('connect', () => {
      connections.set(port, (connections.get(port) ?? 0) + 1);
      upstream.removeAllListeners('error');
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  }

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    forward(client, upstreamPorts);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy is not listening on a TCP port');

  return {
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of one upstream (the real Postgres), that can fail the way a
 * network does: `cut()` resets every connection through it and resets each new one as soon as it
 * arrives, until `restore()`. Unlike a server restart, the client sees ECONNRESET mid-query and
 * "Connection terminated unexpectedly" on checked-out connections.
 */
export interface CuttableProxy {
  port: number;
  /** `postgres://…` rewritten to go through the proxy. */
  rewrite(url: string): string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startCuttableProxy(upstreamHost: string, upstreamPort: number): Promise<CuttableProxy> {
  const open = new Set<Socket>();
  let cut = false;

  function track(socket: Socket): void {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => undefined);
  }

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    if (cut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ host: upstreamHost, port: upstreamPort });
    track(upstream);
    upstream.once('connect', () => {
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.once('close', () => client.destroy());
    client.once('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy is not listening on a TCP port');
  const port = address.port;

  return {
    port,
    rewrite(url) {
      const rewritten = new URL(url);
      rewritten.hostname = '127.0.0.1';
      rewritten.port = String(port);
      return rewritten.href;
    },
    cut() {
      cut = true;
      for (const socket of open) socket.resetAndDestroy();
    },
    restore() {
      cut = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

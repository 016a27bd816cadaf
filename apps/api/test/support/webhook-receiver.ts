import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookEventBody } from '@parley/shared';

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  event: WebhookEventBody;
}

/** A local webhook receiver; `answer` decides each response (a status, or 'hang' to never answer). */
export async function receiver(answer: (index: number) => number | 'hang' | 'redirect') {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body,
        event: JSON.parse(body || 'null') as WebhookEventBody,
      });
      const what = answer(received.length - 1);
      if (what === 'hang') {
        hanging.push(response);
        return;
      }
      if (what === 'redirect') {
        response.writeHead(302, { location: '/elsewhere' }).end();
        return;
      }
      response.writeHead(what).end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

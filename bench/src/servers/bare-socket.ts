/**
 * Baseline for fan-out: the thinnest program on Parley's stack that does the same visible work.
 * A bare socket.io 4.8.3 server (optionally with the Redis adapter) whose `story:join` joins a
 * room, and whose `POST /broadcast` emits a `comment:created` payload shaped like Parley's to it.
 * No database, no auth, no validation beyond the minimum.
 *
 * Env: PORT, REDIS_URL (optional), REDIS_KEY (adapter channel prefix).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';

const ARTICLE_ID = '00000000-0000-4000-8000-000000000001';
const AUTHOR = {
  id: '00000000-0000-4000-8000-000000000002',
  username: 'bench_author',
  displayName: 'bench_author',
  role: 'reader',
};
const ROOM = `story:${ARTICLE_ID}`;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const http = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/health') {
    response.end('ok');
    return;
  }
  if (request.method === 'POST' && request.url === '/broadcast') {
    readBody(request).then(
      (text) => {
        const { body } = JSON.parse(text) as { body: string };
        const id = randomUUID();
        const now = new Date().toISOString();
        // The same fields as Parley's `comment:created` payload, so the frames are the same size.
        const comment = {
          id,
          storyId: ARTICLE_ID,
          parentId: null,
          rootId: id,
          depth: 0,
          author: AUTHOR,
          body,
          status: 'published',
          featured: false,
          editedAt: null,
          createdAt: now,
          updatedAt: now,
          replyCount: 0,
          reactions: { like: 0 },
          viewerReacted: false,
        };
        io.to(ROOM).emit('comment:created', comment);
        response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ comment }));
      },
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
    return;
  }
  // socket.io answers its own path before this handler; anything else is not here.
  if (!request.url?.startsWith('/socket.io/')) response.writeHead(404).end();
});

// Parley's gateway settings: no client bundle, 20 s ping interval and timeout.
const io = new Server(http, { serveClient: false, pingInterval: 20_000, pingTimeout: 20_000 });

async function main(): Promise<void> {
  if (process.env.REDIS_URL) {
    const pub = createClient({ url: process.env.REDIS_URL });
    const sub = pub.duplicate();
    pub.on('error', (error: Error) => console.error(`redis pub: ${error.message}`));
    sub.on('error', (error: Error) => console.error(`redis sub: ${error.message}`));
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub, { key: process.env.REDIS_KEY ?? 'bench:socket.io' }));
  }
  io.on('connection', (socket) => {
    socket.on('story:join', (_payload: unknown, ack?: (answer: unknown) => void) => {
      void socket.join(ROOM);
      ack?.({ ok: true, data: { readers: io.of('/').adapter.rooms.get(ROOM)?.size ?? 0 } });
    });
  });
  http.listen(Number(process.env.PORT), '127.0.0.1', () =>
    console.log(`bare socket.io listening on ${process.env.PORT}`),
  );
}

const shutdown = () => {
  void io.close();
  setTimeout(() => process.exit(0), 200);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

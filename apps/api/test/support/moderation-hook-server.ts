import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModerationHookRequest } from '@parley/shared';

/** How the test hook answers one call. */
export type HookReply =
  | { action: 'publish' | 'hold' | 'reject'; reason?: string; labels?: Record<string, unknown> }
  /** 204: no opinion. */
  | 'no_opinion'
  /** A 200 whose body is not the contract's JSON. */
  | 'garbage'
  /** A valid hold, sent only after `ms`. */
  | { slowMs: number }
  /** Never answers (the connection stays open until the server closes). */
  | 'hang'
  /** Drops the connection without an answer. */
  | 'reset'
  /** This status with an empty body. */
  | { status: number };

export interface HookCall {
  headers: IncomingMessage['headers'];
  raw: string;
  request: ModerationHookRequest;
  receivedAt: number;
}

/** A moderation hook on 127.0.0.1 whose answer each test sets (`reply`), recording every call. */
export async function moderationHookServer() {
  const calls: HookCall[] = [];
  const open = new Set<ServerResponse>();
  const state: { reply: HookReply } = { reply: 'no_opinion' };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      calls.push({
        headers: request.headers,
        raw,
        request: JSON.parse(raw) as ModerationHookRequest,
        receivedAt: Date.now(),
      });
      answer(state.reply, response);
    });
  });
  function answer(reply: HookReply, response: ServerResponse): void {
    if (reply === 'hang') {
      open.add(response);
      return;
    }
    if (reply === 'reset') {
      response.socket?.destroy();
      return;
    }
    if (reply === 'no_opinion') {
      response.writeHead(204).end();
      return;
    }
    if (reply === 'garbage') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"action": "maybe", oops');
      return;
    }
    if ('status' in reply) {
      response.writeHead(reply.status).end();
      return;
    }
    if ('slowMs' in reply) {
      open.add(response);
      setTimeout(() => {
        open.delete(response);
        if (!response.destroyed) answer({ action: 'hold', reason: 'too late' }, response);
      }, reply.slowMs).unref();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/moderate`,
    calls,
    /** Sets the answer to every later call. */
    reply(next: HookReply): void {
      state.reply = next;
    },
    close: async () => {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A port on 127.0.0.1 where nothing listens (one that was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

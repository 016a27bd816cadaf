import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModerationHookRequest } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { Metrics } from '../metrics/metrics.js';
import { ModerationHookClient } from './moderation-hook.client.js';

// The answers the contract refuses, each failing open as `malformed`, against a real local server.

const REQUEST: ModerationHookRequest = {
  event: 'comment.created',
  comment: {
    id: '00000000-0000-4000-8000-000000000001',
    body: 'text',
    parentId: null,
    createdAt: new Date(0).toISOString(),
    status: null,
  },
  author: {
    id: '00000000-0000-4000-8000-000000000002',
    role: 'reader',
    accountAgeDays: 1,
    comments: { published: 0, approved: 0, pending: 0, rejected: 0, deleted: 0 },
  },
  story: { id: '00000000-0000-4000-8000-000000000003', url: 'https://example.org/a', title: 'A' },
};

describe(ModerationHookClient.name, () => {
  let server: Server;
  let body = '';
  let url = '';

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  function client(allowPrivate = true) {
    const config = loadConfig({
      PARLEY_MODERATION_HOOK_URL: url,
      PARLEY_MODERATION_HOOK_SECRET: 's'.repeat(32),
      PARLEY_MODERATION_HOOK_BREAKER_FAILURES: '1000',
      PARLEY_WEBHOOK_ALLOW_PRIVATE: String(allowPrivate),
    });
    const metrics = new Metrics();
    const sut = new ModerationHookClient(config, metrics);
    const outcomes = async () =>
      Object.fromEntries(
        (await metrics.moderationHookCalls.get()).values.map((value) => [value.labels.outcome, value.value]),
      );
    return { sut, outcomes };
  }

  it('takes a well-formed answer, with defaults for what it leaves out', async () => {
    body = JSON.stringify({ action: 'hold', extra: 'ignored' });
    const { sut, outcomes } = client();
    expect(await sut.ask(REQUEST)).toEqual({ action: 'hold', reason: '', labels: {} });
    expect(await outcomes()).toEqual({ hold: 1 });
    sut.onModuleDestroy();
  });

  it.each([
    ['an unknown action', { action: 'delete' }],
    ['no action', { reason: 'why' }],
    ['a reason past 500 characters', { action: 'hold', reason: 'x'.repeat(501) }],
    ['a label that is an object', { action: 'hold', labels: { nested: { a: 1 } } }],
    [
      'more than 20 labels',
      { action: 'hold', labels: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`l${i}`, i])) },
    ],
    ['JSON that is not an object', ['publish']],
    ['a body past 64 KB', { action: 'publish', reason: '', padding: 'x'.repeat(70 * 1024) }],
  ])('treats %s as no opinion (malformed)', async (_name, answer) => {
    body = JSON.stringify(answer);
    const { sut, outcomes } = client();
    expect(await sut.ask(REQUEST)).toBeNull();
    expect(await outcomes()).toEqual({ malformed: 1 });
    sut.onModuleDestroy();
  });

  it('without PARLEY_MODERATION_HOOK_URL is off: no call, nothing counted', async () => {
    const metrics = new Metrics();
    const sut = new ModerationHookClient(loadConfig({}), metrics);
    expect(sut.enabled).toBe(false);
    expect(await sut.ask(REQUEST)).toBeNull();
    expect((await metrics.moderationHookCalls.get()).values).toEqual([]);
  });

  it('refuses a loopback hook without PARLEY_WEBHOOK_ALLOW_PRIVATE', async () => {
    body = JSON.stringify({ action: 'reject' });
    const { sut, outcomes } = client(false);
    expect(await sut.ask(REQUEST)).toBeNull();
    expect(await outcomes()).toEqual({ refused: 1 });
    sut.onModuleDestroy();
  });
});

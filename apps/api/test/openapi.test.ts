import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { ERRORS, ROUTES, WEBHOOK_EVENTS, routeErrors, webhookEventBodySchema } from '@parley/shared';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../src/docs/openapi.js';
import { BOOT_TIMEOUT_MS, startApp, testSetups, type TestApp } from './support/app.js';
import { createStory, createUser, postComment } from './support/factories.js';
import { ApiClient, type ApiResponse } from './support/http.js';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

/** `/api/comments/:id` → the JSON pointer segment of `/api/comments/{id}`. */
const pointer = (path: string) =>
  path
    .replace(/:(\w+)/g, '{$1}')
    .replace(/~/g, '~0')
    .replace(/\//g, '~1');

describe('the OpenAPI document', () => {
  let app: TestApp;
  let anonymous: ApiClient;
  let document: OpenApiDocument;
  let ajv: Ajv2020;

  beforeAll(async () => {
    app = await startApp({ engine: testSetups()[0]!.engine });
    anonymous = new ApiClient(app.baseUrl);
    const response = await anonymous.get<OpenApiDocument>('/api/openapi.json');
    expect(response.status).toBe(200);
    document = response.body;
    // The document's schemas are draft 2020-12; `$ref`s resolve within the document.
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...document, $id: 'https://parley.invalid/openapi.json' });
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await app?.close();
  });

  /** Holds a real answer against what the document says that route answers with that status. */
  function expectDocumented(route: string, method: string, response: ApiResponse): void {
    const status = String(response.status);
    const operation = document.paths[route.replace(/:(\w+)/g, '{$1}')]?.[method] as
      { responses: Record<string, { content?: Record<string, unknown> }> } | undefined;
    expect(
      operation?.responses[status],
      `${method.toUpperCase()} ${route} documents ${status}`,
    ).toBeDefined();
    const validate = ajv.getSchema(
      `https://parley.invalid/openapi.json#/paths/${pointer(route)}/${method}/responses/${status}/content/application~1json/schema`,
    );
    expect(validate, 'a JSON schema for the answer').toBeDefined();
    const valid = validate!(response.body);
    expect(valid ? [] : validate!.errors, `${method.toUpperCase()} ${route} → ${status}`).toEqual([]);
  }

  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every catalogue route with each error code it can answer', () => {
    for (const route of ROUTES) {
      const operation = document.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[
        route.method.toLowerCase()
      ] as { operationId: string; responses: Record<string, { description: string }> } | undefined;
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(route.operationId);
      for (const code of routeErrors(route, (code) => ERRORS[code].status)) {
        expect(operation!.responses[String(ERRORS[code].status)]?.description).toContain(`\`${code}\``);
      }
    }
    const operations = Object.values(document.paths).flatMap((methods) => Object.keys(methods));
    expect(operations).toHaveLength(ROUTES.length);
  });

  it('asks for a session only where the route needs one', () => {
    const securityOf = (path: string, method: string) =>
      (document.paths[path]?.[method] as { security?: unknown[] } | undefined)?.security;
    // Public: a thread page and the health check take no credentials (no padlock in swagger-ui).
    expect(securityOf('/api/stories/{slug}/comments', 'get')).toEqual([]);
    expect(securityOf('/api/health', 'get')).toEqual([]);
    // Signed in: either the cookie or a bearer token.
    expect(securityOf('/api/me/notifications', 'get')).toEqual([{ cookie: [] }, { bearer: [] }]);
    for (const route of ROUTES) {
      const security = securityOf(route.path.replace(/:(\w+)/g, '{$1}'), route.method.toLowerCase());
      expect(security?.length === 0, `${route.method} ${route.path} (${route.access})`).toBe(
        route.access === 'public',
      );
    }
  });

  it('describes real answers: a thread page with nested replies, a permalink, the signed-in user', async () => {
    const author = await createUser(app);
    const replier = await createUser(app);
    const story = await createStory(app.db);
    const parent = await postComment(author.client, story.slug);
    await postComment(replier.client, story.slug, { parentId: parent.id });

    const page = await author.client.get(`/api/stories/${story.slug}/comments?sort=newest`);
    expect(page.status).toBe(200);
    expect((page.body as { items: { replies: unknown[] }[] }).items[0]!.replies).toHaveLength(1);
    expectDocumented('/api/stories/:slug/comments', 'get', page);

    expectDocumented('/api/comments/:id', 'get', await anonymous.get(`/api/comments/${parent.id}`));
    expectDocumented('/api/auth/me', 'get', await author.client.get('/api/auth/me'));
    expectDocumented('/api/health', 'get', await anonymous.get('/api/health'));
  });

  it('describes real errors, field problems included', async () => {
    const missing = await anonymous.get(`/api/comments/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expectDocumented('/api/comments/:id', 'get', missing);

    const invalid = await anonymous.get('/api/stories/no-such-story/comments?limit=0');
    expect(invalid.status).toBe(400);
    expect((invalid.body as { fields?: object }).fields).toHaveProperty('limit');
    expectDocumented('/api/stories/:slug/comments', 'get', invalid);

    const nobody = await anonymous.get('/api/auth/me');
    expect(nobody.body).toEqual({ user: null });
    expectDocumented('/api/auth/me', 'get', nobody);
    const unauthenticated = await anonymous.get('/api/me/notifications');
    expect(unauthenticated.status).toBe(401);
    expectDocumented('/api/me/notifications', 'get', unauthenticated);
  });

  it('documents every webhook event with the body receivers get, from the shared schemas', () => {
    const hooks = (document as { webhooks?: Record<string, { post?: { requestBody?: unknown } }> }).webhooks;
    expect(Object.keys(hooks ?? {}).sort()).toEqual([...WEBHOOK_EVENTS].sort());
    for (const type of WEBHOOK_EVENTS) expect(hooks![type]!.post?.requestBody, type).toBeDefined();

    const held = {
      id: randomUUID(),
      type: 'comment.held',
      createdAt: new Date().toISOString(),
      data: {
        comment: {
          id: randomUUID(),
          storyId: randomUUID(),
          storySlug: 'a-story',
          parentId: null,
          author: { id: randomUUID(), username: 'rita' },
          body: 'Held for review.',
          status: 'pending',
          flags: ['reports'],
        },
        reason: 'reports',
      },
    };
    const validate = ajv.getSchema(
      'https://parley.invalid/openapi.json#/webhooks/comment.held/post/requestBody/content/application~1json/schema',
    )!;
    // The server writes with the zod schema; the document says the same.
    expect(webhookEventBodySchema('comment.held').parse(held)).toEqual(held);
    expect(validate(held) ? [] : validate.errors).toEqual([]);
    // A hold by reports once sent ids only: that is not the contract.
    const idsOnly = { ...held, data: { comment: { id: held.data.comment.id }, reason: 'reports' } };
    expect(validate(idsOnly)).toBe(false);
    expect(webhookEventBodySchema('comment.held').safeParse(idsOnly).success).toBe(false);
  });

  it('catches an answer that does not match (so the checks above can fail)', () => {
    const validate = ajv.getSchema('https://parley.invalid/openapi.json#/components/schemas/Comment')!;
    expect(validate({ id: 'not-a-uuid' })).toBe(false);
  });
});

describe('the API reference page', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp({ engine: testSetups()[0]!.engine });
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await app?.close();
  });

  it('is served from this server only, under a CSP loosened for it alone', async () => {
    const client = new ApiClient(app.baseUrl);
    const page = await client.get<string>('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe');
    // Every script and stylesheet the page loads is one of ours, and is there.
    const sources = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources.length).toBeGreaterThanOrEqual(3);
    for (const source of sources) {
      expect(source).toMatch(/^\/api\/docs\/assets\//);
      const asset = await fetch(new URL(source, app.baseUrl));
      expect(asset.status, source).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, source).toBeGreaterThan(0);
    }
    expect(page.body).not.toMatch(/<script>|<style|style="/);

    // The rest of the API keeps its nothing-at-all policy.
    const json = await client.get('/api/openapi.json');
    expect(json.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(json.headers.get('content-security-policy')).not.toContain("script-src 'self'");
  });
});

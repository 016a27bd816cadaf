import {
  ERRORS,
  ROUTES,
  SCHEMA_NAMES,
  WEBHOOK_EVENTS,
  routeErrors,
  webhookEventBodySchema,
  type ErrorCode,
  type RouteAccess,
  type RouteSpec,
} from '@parley/shared';
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth/session-cookie.js';

/**
 * The OpenAPI 3.1 document, made from the route catalogue in packages/shared/src/routes/ and the
 * zod schemas it names (zod's own JSON Schema output: draft 2020-12 is OpenAPI 3.1's dialect). Built
 * once at boot; nothing here restates a schema.
 */

type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

const COMPONENT = '#/components/schemas/';
const TARGET = 'draft-2020-12';

const WHO: Record<RouteAccess, string> = {
  public: 'Anyone (a session, when sent, makes the answer personal).',
  user: 'A signed-in account.',
  staff: 'A moderator or admin with staff powers (not suspended).',
  admin: 'An admin with staff powers.',
};

const routes: readonly RouteSpec[] = ROUTES;

const pascal = (operationId: string) => operationId[0]!.toUpperCase() + operationId.slice(1);

/** `/api/comments/:id` → `/api/comments/{id}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** The document states the dialect once; a component's `$id` would be a fragment, which 2020-12 forbids. */
function asComponent(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/**
 * Converts a set of named schemas into components, each `$ref`-ing the others by name. Requests are
 * converted as the client sends them (`io: input`: fields with defaults are optional), answers as
 * the server sends them.
 */
function components(named: Map<z.ZodType, string>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of named) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: TARGET,
    io,
    unrepresentable: 'throw',
    uri: (id) => `${COMPONENT}${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => [id, asComponent(schema as JsonSchema)]),
  );
}

/** Path or query parameters from a flat object schema. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { target: TARGET, io: 'input', unrepresentable: 'throw' }) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(typeof description === 'string' && { description }),
      schema: rest,
    };
  });
}

function errorResponses(route: RouteSpec): Record<string, JsonSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of routeErrors(route, (code) => ERRORS[code].status)) {
    const status = ERRORS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, JsonSchema> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: codes.map((code) => `\`${code}\`: ${ERRORS[code].message}`).join('\n\n'),
      content: {
        'application/json': {
          schema: { allOf: [{ $ref: `${COMPONENT}Error` }], properties: { code: { enum: codes } } },
        },
      },
    };
  }
  return responses;
}

/** `comment.held` → `CommentHeldEvent`: the component of the body one webhook event POSTs. */
const webhookComponent = (type: string) =>
  `${type
    .split('.')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')}Event`;

/**
 * The `webhooks` section: what Parley POSTs to a receiver for each event type, from the per-event
 * schemas in packages/shared (`webhookEventDataSchemas`), so receivers read the same contract the
 * server writes with.
 */
function webhooks(): { schemas: Record<string, JsonSchema>; webhooks: Record<string, JsonSchema> } {
  const bodies = new Map<z.ZodType, string>(
    WEBHOOK_EVENTS.map((type) => [webhookEventBodySchema(type), webhookComponent(type)]),
  );
  return {
    schemas: components(bodies, 'output'),
    webhooks: Object.fromEntries(
      WEBHOOK_EVENTS.map((type) => [
        type,
        {
          post: {
            operationId: `webhook_${type.replace('.', '_')}`,
            summary: `The ${type} event`,
            description:
              'POSTed to every active webhook subscribed to this event, signed with `X-Parley-Signature` ' +
              '(README, Webhooks). `id` stays the same on every retry of one event.',
            requestBody: {
              required: true,
              content: { 'application/json': { schema: { $ref: `${COMPONENT}${webhookComponent(type)}` } } },
            },
            responses: {
              '2XX': { description: 'Received. Any other answer, or none in time, is retried with backoff.' },
            },
          },
        },
      ]),
    ),
  };
}

/** Builds the document from the catalogue. */
export function buildOpenApiDocument(version: string): OpenApiDocument {
  // Names for every body: the catalogue's, or one made from the route.
  const answers = new Map(SCHEMA_NAMES);
  const requests = new Map<z.ZodType, string>();
  for (const route of routes) {
    for (const [status, response] of Object.entries(route.responses)) {
      if (response.body && !answers.has(response.body)) {
        answers.set(response.body, `${pascal(route.operationId)}${status === '200' ? '' : status}Response`);
      }
    }
    if (route.body && !requests.has(route.body)) {
      requests.set(route.body, SCHEMA_NAMES.get(route.body) ?? `${pascal(route.operationId)}Request`);
    }
  }
  const schemas = components(answers, 'output');
  const requestNames = new Map<z.ZodType, string>();
  const requestSchemas = components(requests, 'input');
  for (const [schema, id] of requests) {
    // A schema used both ways whose input differs from its output (defaults) gets its own component.
    const same = schemas[id] && JSON.stringify(schemas[id]) === JSON.stringify(requestSchemas[id]);
    const name = schemas[id] && !same ? `${id}Input` : id;
    schemas[name] = requestSchemas[id]!;
    requestNames.set(schema, name);
  }
  if (!schemas.Error) throw new Error('the Error schema is not named in SCHEMA_NAMES');
  const events = webhooks();
  for (const [id, schema] of Object.entries(events.schemas)) {
    if (schemas[id]) throw new Error(`webhook component ${id} clashes with a route schema`);
    schemas[id] = schema;
  }

  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const successes: Record<string, JsonSchema> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      successes[status] = {
        description: response.description,
        ...(response.body
          ? {
              content: {
                [response.contentType ?? 'application/json']: {
                  schema: { $ref: `${COMPONENT}${answers.get(response.body)}` },
                },
                ...(response.alsoAs && { [response.alsoAs]: { schema: { type: 'string' } } }),
              },
            }
          : response.contentType && { content: { [response.contentType]: { schema: { type: 'string' } } } }),
      };
    }
    const parametersOf = [...parameters(route.params, 'path'), ...parameters(route.query, 'query')];
    (paths[openApiPath(route.path)] ??= {})[route.method.toLowerCase()] = {
      operationId: route.operationId,
      tags: [route.tag],
      summary: route.summary,
      description: [route.description, `**Who may call it:** ${WHO[route.access]}`]
        .filter(Boolean)
        .join('\n\n'),
      'x-parley-access': route.access,
      ...(parametersOf.length > 0 && { parameters: parametersOf }),
      ...(route.upload && {
        requestBody: {
          required: true,
          description: route.upload.description,
          content: { [route.upload.contentType]: { schema: { type: 'string', format: 'binary' } } },
        },
      }),
      ...(route.body && {
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: `${COMPONENT}${requestNames.get(route.body)}` } },
          },
        },
      }),
      responses: { ...successes, ...errorResponses(route) },
      // A public route needs no session; one sent anyway only personalises the answer (the
      // description says so). Listing the schemes there too made swagger-ui padlock every route.
      security: route.access === 'public' ? [] : [{ cookie: [] }, { bearer: [] }],
    };
  }

  return {
    openapi: '3.1.1',
    // No jsonSchemaDialect: OpenAPI 3.1's default dialect is draft 2020-12 with its few keywords added.
    info: {
      title: 'Parley API',
      version,
      description:
        'Live comments and moderation. Every error answers `{ code, message, fields?, details? }` with a stable ' +
        '`code`; clients branch on the code, never on the message. The live (socket.io) contract is in docs/API.md.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    webhooks: events.webhooks,
    components: {
      schemas,
      securitySchemes: {
        cookie: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description:
            'The session cookie set by sign-in. Mutations sent with it must come from this site (`request/cross_site`).',
        },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: '`Authorization: Bearer <token>`, for clients that cannot hold the cookie.',
        },
      },
    },
  };
}

/**
 * The route catalogue: every HTTP route of the API, with the shared schemas that validate its input
 * and describe its answers, the error codes it can return and who may call it. It is the source of
 * the OpenAPI document (`GET /api/openapi.json`, read at `/api/docs`), of the API's `@Route(id)`
 * decorator (apps/api/src/common/route.ts: method, path, validation pipes and access level of each
 * controller method) and of the web's typed client (apps/web/src/api/client.ts).
 * apps/api/test/routes.test.ts holds it against the routes Nest registers.
 *
 * HOW TO ADD A ROUTE:
 *   1. routes/endpoints.ts: its operationId (unique, camelCase) with `method` and `path` exactly as
 *      Express holds them (`/api/comments/:id`). This is the zod-free half the web imports.
 *   2. routes/<area>.ts: an entry under the same operationId with
 *      - `params` / `query` / `body`: the shared schemas that validate its input;
 *      - `responses`: each success status with its schema (none for 204); add a zod schema in
 *        schemas/ for a response that only has a TypeScript type, and derive the type from it;
 *      - `errors`: the codes of errors.ts this route raises itself. Do not list the ones every route
 *        of its kind gets (see `routeErrors`: request/invalid, request/cross_site,
 *        auth/unauthenticated, auth/forbidden, server/*);
 *      - `access`: `public`, `user` (signed in), `staff` or `admin`;
 *      - a name for a new response schema that several routes share goes in SCHEMA_NAMES.
 *   3. The controller method: `@Route('operationId')` and `@Param()` / `@Query()` / `@Body()` with
 *      no pipe of their own: the decorator sets the method, path, ZodPipes, access and status.
 *   4. The web calls it as `api.operationId(…)` (apps/web/src/api/client.ts), typed from the entry.
 *   5. Its rows in apps/api/test/authorization-matrix/<area>-rows.ts (who gets which status).
 *
 * Not reachable from `values.ts` (only routes/endpoints.ts is): the web must not load zod.
 */
import type { EndpointId } from './endpoints.js';
import type { RouteSpec } from './define.js';
import { accountRoutes } from './account.js';
import { authRoutes } from './auth.js';
import { commentRoutes } from './comments.js';
import { dsaRoutes } from './dsa.js';
import { healthRoutes } from './health.js';
import { importRoutes } from './imports.js';
import { moderationRoutes } from './moderation.js';
import { notificationRoutes } from './notifications.js';
import { referenceRoutes } from './reference.js';
import { storyRoutes } from './stories.js';
import { webhookRoutes } from './webhooks.js';

export * from './define.js';
export * from './endpoints.js';
export * from './schema-names.js';
export type * from './types.js';

/** Each route by its operationId. In this order the reference lists them. */
export const ROUTE = {
  ...healthRoutes,
  ...authRoutes,
  ...notificationRoutes,
  ...storyRoutes,
  ...commentRoutes,
  ...moderationRoutes,
  ...dsaRoutes,
  ...importRoutes,
  ...accountRoutes,
  ...webhookRoutes,
  ...referenceRoutes,
} satisfies Record<EndpointId, RouteSpec>;

/** Every route, in the reference's order. */
export const ROUTES: readonly RouteSpec[] = Object.values(ROUTE);

/**
 * The route catalogue: every HTTP route of the API, with the shared schemas that validate its input
 * and describe its answers, the error codes it can return and who may call it. It is the source of
 * the OpenAPI document (`GET /api/openapi.json`, read at `/api/docs`), and apps/api/test/routes.test.ts
 * holds it against the routes Nest registers: a route missing on either side, a ZodPipe whose schema
 * is not the one listed here, or an access level that differs from the controller's, fails that test.
 *
 * HOW TO ADD A ROUTE: add one entry to ROUTES below, next to its neighbours.
 *   - `method` and `path` exactly as Express holds them (`/api/comments/:id`);
 *   - `params` / `query` / `body`: the SAME schema objects the controller passes to `new ZodPipe(…)`;
 *   - `responses`: each success status with its schema (none for 204); add a zod schema in
 *     schemas/ for a response that only has a TypeScript type, and derive the type from it;
 *   - `errors`: the codes of errors.ts this route raises itself. Do not list the ones every route
 *     of its kind gets (see `routeErrors`: request/invalid, request/cross_site, auth/unauthenticated,
 *     auth/forbidden, server/*);
 *   - `access`: the controller's `@SignedIn()` (user), `@StaffOnly()` (staff), `@AdminOnly()`
 *     (admin), or nothing (public);
 *   - a name for a new response schema that several routes share goes in SCHEMA_NAMES.
 * Then add the route's row to apps/api/test/authorization-matrix.test.ts.
 *
 * Not reachable from `values.ts`: the web's zod-free entry must not import this file.
 */
import { z } from 'zod';
import type { ErrorCode } from './errors.js';
import { articleParamsSchema, articleSchema, articleSettingsRequestSchema } from './schemas/articles.js';
import {
  commentChangesQuerySchema,
  commentChangesSchema,
  commentSchema,
  commentWithContextSchema,
  createCommentRequestSchema,
  createCommentResponseSchema,
  editCommentRequestSchema,
  idParamsSchema,
  listCommentsQuerySchema,
  listRepliesQuerySchema,
  reactionParamsSchema,
  reactionsUpdatedSchema,
  reportRequestSchema,
  reportResponseSchema,
  threadCommentSchema,
  threadPageSchema,
} from './schemas/comments.js';
import { apiErrorBodySchema } from './schemas/errors.js';
import { healthSchema } from './schemas/health.js';
import {
  approveRequestSchema,
  banRequestSchema,
  decisionResponseSchema,
  moderatedUserSchema,
  moderationLogPageSchema,
  moderationLogQuerySchema,
  premodRequestSchema,
  queueCountsQuerySchema,
  queueCountsSchema,
  queuePageSchema,
  queueParamsSchema,
  queueQuerySchema,
  rejectRequestSchema,
  roleRequestSchema,
  suspendRequestSchema,
  wordListsSchema,
} from './schemas/moderation.js';
import { openApiDocumentSchema } from './schemas/docs.js';
import {
  markNotificationsReadSchema,
  notificationCountSchema,
  notificationListQuerySchema,
  notificationPageSchema,
  notificationSettingsSchema,
  unsubscribePageResponseSchema,
  unsubscribeRequestSchema,
  unsubscribeResponseSchema,
  updateNotificationSettingsSchema,
  verifyEmailQuerySchema,
  verifyEmailResponseSchema,
} from './schemas/notifications.js';
import { deleteAccountRequestSchema, myDataExportSchema } from './schemas/account.js';
import { outboxEntrySchema, outboxPageSchema, outboxQuerySchema } from './schemas/outbox.js';
import {
  webhookCreatedSchema,
  webhookCreateRequestSchema,
  webhookDeliveryListSchema,
  webhookListSchema,
  webhookSchema,
  webhookUpdateRequestSchema,
} from './schemas/webhooks.js';
import {
  createStoryRequestSchema,
  mergeStoryRequestSchema,
  mergeStoryResponseSchema,
  resolveStoryRequestSchema,
  storyCountsQuerySchema,
  storyCountsResponseSchema,
  storyListQuerySchema,
  storyPageSchema,
  storyResponseSchema,
  updateStoryRequestSchema,
} from './schemas/stories.js';
import {
  authOptionsSchema,
  loginRequestSchema,
  meSchema,
  publicUserSchema,
  registerRequestSchema,
  ssoRequestSchema,
  tokenSignInResponseSchema,
  updateMeRequestSchema,
} from './schemas/users.js';

/** A password sign-in answers the account, or with `token: true` the account and a bearer token. */
const signInAnswer = z.union([meSchema, tokenSignInResponseSchema]);

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route: `public` anyone; `user` a signed-in account (401 otherwise); `staff` a
 * moderator or admin with staff powers (401 anonymous, 403 others); `admin` an admin with staff powers.
 */
export type RouteAccess = 'public' | 'user' | 'staff' | 'admin';

export interface RouteResponse {
  description: string;
  /** The body's schema; none for an empty answer (204). */
  body?: z.ZodType;
  /** `application/json` unless said. */
  contentType?: string;
}

export interface RouteSpec {
  method: HttpMethod;
  /** Express style, as Nest registers it: `/api/comments/:id`. */
  path: `/api/${string}`;
  /** Unique, camelCase: the OpenAPI operationId. */
  operationId: string;
  /** The group the reference shows it under. */
  tag: 'Health' | 'Accounts' | 'Articles' | 'Comments' | 'Moderation' | 'Reference' | (string & {});
  summary: string;
  /** Longer notes (Markdown), when the summary is not enough. */
  description?: string;
  access: RouteAccess;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  responses: Partial<Record<200 | 201 | 204 | 503, RouteResponse>>;
  /** The codes this route raises itself; `routeErrors` adds those implied by its kind. */
  errors: readonly ErrorCode[];
}

export const ROUTES = [
  // Health
  {
    method: 'GET',
    path: '/api/health',
    operationId: 'getHealth',
    tag: 'Health',
    summary: 'Whether this node can serve',
    description:
      'For load balancers. Redis away is 200 `degraded` (each node still serves on its own); ' +
      '503 when the database does not answer within two seconds or the node is shutting down.',
    access: 'public',
    responses: {
      200: { description: '`ok`, or `degraded` when Redis is away.', body: healthSchema },
      503: { description: '`unavailable` (database) or `draining` (shutting down).', body: healthSchema },
    },
    errors: [],
  },

  // Accounts
  {
    method: 'POST',
    path: '/api/auth/register',
    operationId: 'register',
    tag: 'Accounts',
    summary: 'Create an account and sign in',
    description:
      'Sets the session cookie; with `token: true`, answers `{ me, token }` (a bearer token) and sets no cookie.',
    access: 'public',
    body: registerRequestSchema,
    responses: { 201: { description: 'The new account, signed in.', body: signInAnswer } },
    errors: ['auth/username_taken', 'auth/username_reserved', 'auth/rate_limited'],
  },
  {
    method: 'POST',
    path: '/api/auth/login',
    operationId: 'login',
    tag: 'Accounts',
    summary: 'Sign in with a username and password',
    description:
      'Sets the session cookie; with `token: true`, answers `{ me, token }` (a bearer token) and sets no cookie.',
    access: 'public',
    body: loginRequestSchema,
    responses: { 200: { description: 'The signed-in account.', body: signInAnswer } },
    errors: ['auth/invalid_credentials', 'auth/rate_limited', 'auth/banned'],
  },
  {
    method: 'POST',
    path: '/api/auth/sso',
    operationId: 'signInWithSso',
    tag: 'Accounts',
    summary: 'Single sign-on: exchange a host-signed JWT for a bearer token',
    description:
      "The host site signs an HS256 JWT with `PARLEY_SSO_SECRET` (claims `sub`, `username`, `iat`, `exp` at most 24 h ahead; optional `displayName`, `email`, `jti`). Creates or updates the account linked by `sub`; roles stay Parley's own. No cookie.",
    access: 'public',
    body: ssoRequestSchema,
    responses: { 200: { description: 'The account and its bearer token.', body: tokenSignInResponseSchema } },
    errors: [
      'auth/sso_not_configured',
      'auth/sso_invalid',
      'auth/sso_expired',
      'auth/sso_lifetime_too_long',
      'auth/sso_claim_missing',
      'auth/sso_claim_invalid',
      'auth/sso_replayed',
      'auth/banned',
      'auth/rate_limited',
    ],
  },
  {
    method: 'GET',
    path: '/api/auth/options',
    operationId: 'getAuthOptions',
    tag: 'Accounts',
    summary: 'How readers may sign in',
    description:
      '`sso` is true when single sign-on is set up (the embed then asks its host page to sign the reader in).',
    access: 'public',
    responses: { 200: { description: 'The sign-in options.', body: authOptionsSchema } },
    errors: [],
  },
  {
    method: 'POST',
    path: '/api/auth/logout',
    operationId: 'logout',
    tag: 'Accounts',
    summary: 'Sign out',
    description:
      "Ends the session of the bearer token (else the cookie); that session's sockets get `session:ended` and are closed. Succeeds when not signed in too.",
    access: 'public',
    responses: { 204: { description: 'Signed out.' } },
    errors: [],
  },
  {
    method: 'GET',
    path: '/api/auth/me',
    operationId: 'getMe',
    tag: 'Accounts',
    summary: 'The signed-in account',
    access: 'user',
    responses: { 200: { description: 'The signed-in account.', body: meSchema } },
    errors: [],
  },
  {
    method: 'PATCH',
    path: '/api/auth/me',
    operationId: 'updateMe',
    tag: 'Accounts',
    summary: 'Change one’s email address or display name',
    description:
      'A new email is unverified until the link mailed to it is opened (single use, 24 h); ' +
      '`null` removes it. Nobody else sees the address; moderators see it on the account card.',
    access: 'user',
    body: updateMeRequestSchema,
    responses: { 200: { description: 'The account now.', body: meSchema } },
    errors: ['auth/email_taken', 'auth/email_rate_limited', 'auth/username_reserved'],
  },
  {
    method: 'GET',
    path: '/api/auth/verify-email',
    operationId: 'verifyEmail',
    tag: 'Accounts',
    summary: 'Confirm an email address (the link in the verification mail)',
    description: 'Answers a small HTML page to a browser, JSON to a client that asks for it.',
    access: 'public',
    query: verifyEmailQuerySchema,
    responses: { 200: { description: 'Confirmed.', body: verifyEmailResponseSchema } },
    errors: ['auth/verification_failed'],
  },

  // Notifications
  {
    method: 'GET',
    path: '/api/me/notifications',
    operationId: 'listNotifications',
    tag: 'Notifications',
    summary: 'A page of one’s notifications, newest first, with the unread count',
    access: 'user',
    query: notificationListQuerySchema,
    responses: { 200: { description: 'One page.', body: notificationPageSchema } },
    errors: [],
  },
  {
    method: 'POST',
    path: '/api/me/notifications/read',
    operationId: 'markNotificationsRead',
    tag: 'Notifications',
    summary: 'Mark some (`ids`) or all (`all: true`) notifications read',
    access: 'user',
    body: markNotificationsReadSchema,
    responses: { 200: { description: 'The unread count now.', body: notificationCountSchema } },
    errors: ['notification/rate_limited'],
  },
  {
    method: 'GET',
    path: '/api/me/notifications/settings',
    operationId: 'getNotificationSettings',
    tag: 'Notifications',
    summary: 'Notification preferences, and whether the server can send email',
    access: 'user',
    responses: { 200: { description: 'The preferences.', body: notificationSettingsSchema } },
    errors: [],
  },
  {
    method: 'PUT',
    path: '/api/me/notifications/settings',
    operationId: 'updateNotificationSettings',
    tag: 'Notifications',
    summary: 'Change notification preferences (any subset)',
    access: 'user',
    body: updateNotificationSettingsSchema,
    responses: { 200: { description: 'The preferences now.', body: notificationSettingsSchema } },
    errors: ['notification/email_unavailable', 'notification/rate_limited'],
  },
  {
    method: 'GET',
    path: '/api/unsubscribe',
    operationId: 'unsubscribePage',
    tag: 'Notifications',
    summary: 'The unsubscribe link in an email: a confirmation page (changes nothing)',
    access: 'public',
    query: unsubscribeRequestSchema,
    responses: {
      200: { description: 'A page whose button makes the POST.', body: unsubscribePageResponseSchema },
    },
    errors: [],
  },
  {
    method: 'POST',
    path: '/api/unsubscribe',
    operationId: 'unsubscribe',
    tag: 'Notifications',
    summary: 'One-click unsubscribe (RFC 8058): stop every notification email, no sign-in',
    description:
      'The signed `token` comes in the query, as in `List-Unsubscribe`; the body (`List-Unsubscribe=One-Click`) is ignored.',
    access: 'public',
    query: unsubscribeRequestSchema,
    responses: { 200: { description: 'Unsubscribed.', body: unsubscribeResponseSchema } },
    errors: ['notification/invalid_unsubscribe', 'notification/rate_limited'],
  },

  // Stories (the embed resolves its story, count.js asks for counts)
  {
    method: 'POST',
    path: '/api/stories/resolve',
    operationId: 'resolveStory',
    tag: 'Stories',
    summary: "A host page's story, created on its first view",
    description:
      "Finds the story by `id` (the CMS id; a new `url` then moves it), else by the normalized `url`. Creates it (201) only when the URL's origin is in `PARLEY_ORIGINS` and `PARLEY_LAZY_STORIES` is not `false`.",
    access: 'public',
    body: resolveStoryRequestSchema,
    responses: {
      200: { description: 'The story, found.', body: storyResponseSchema },
      201: { description: 'The story, created on this first view.', body: storyResponseSchema },
    },
    errors: ['story/origin_not_allowed', 'story/not_found', 'story/rate_limited'],
  },
  {
    method: 'GET',
    path: '/api/stories/default',
    operationId: 'getDefaultStory',
    tag: 'Stories',
    summary: "The site's front story, the one its home page shows",
    description:
      'The story whose slug `PARLEY_DEFAULT_STORY` names (by default the seeded story); 404 when no story has that slug.',
    access: 'public',
    responses: { 200: { description: 'The front story.', body: storyResponseSchema } },
    errors: ['story/not_found'],
  },
  {
    method: 'GET',
    path: '/api/stories/counts',
    operationId: 'getStoryCounts',
    tag: 'Stories',
    summary: 'Comment counts of many stories in one request',
    description:
      'One entry per `url` and `id` asked (1–100 in all), urls first, keys echoed as sent; an unknown story counts 0 and is not created.',
    access: 'public',
    query: storyCountsQuerySchema,
    responses: { 200: { description: 'The counts.', body: storyCountsResponseSchema } },
    errors: [],
  },

  // Reading
  {
    method: 'GET',
    path: '/api/articles/:slug',
    operationId: 'getArticle',
    tag: 'Articles',
    summary: 'An article',
    access: 'public',
    params: articleParamsSchema,
    responses: { 200: { description: 'The article.', body: articleSchema } },
    errors: ['article/not_found'],
  },
  {
    method: 'GET',
    path: '/api/articles/:slug/comments',
    operationId: 'listComments',
    tag: 'Comments',
    summary: "A page of an article's thread",
    description:
      'Top-level comments with their first replies nested; `nextCursor` continues the page, ' +
      "each comment's `repliesCursor` its replies.",
    access: 'public',
    params: articleParamsSchema,
    query: listCommentsQuerySchema,
    responses: { 200: { description: 'One page of the thread.', body: threadPageSchema } },
    errors: ['article/not_found'],
  },
  {
    method: 'GET',
    path: '/api/articles/:slug/comments/changes',
    operationId: 'listCommentChanges',
    tag: 'Comments',
    summary: 'What changed in a thread since a moment',
    description: 'For a client coming back from a lost connection: pass the last `serverTime` as `since`.',
    access: 'public',
    params: articleParamsSchema,
    query: commentChangesQuerySchema,
    responses: { 200: { description: 'The changes.', body: commentChangesSchema } },
    errors: ['article/not_found'],
  },
  {
    method: 'POST',
    path: '/api/articles/:slug/comments',
    operationId: 'createComment',
    tag: 'Comments',
    summary: 'Post a comment or a reply',
    description:
      '`comment.status` says where it went: `published`/`approved` are visible, `pending` is held ' +
      'for review, `rejected` was refused. A retry with the same `clientId` returns the same comment (200). ' +
      'Send the `X-Socket-Id` header (your socket.io id) so that your own socket is not sent the comment again.',
    access: 'user',
    params: articleParamsSchema,
    body: createCommentRequestSchema,
    responses: {
      201: { description: 'Posted.', body: createCommentResponseSchema },
      200: {
        description: 'A retry of a post already stored: the same comment.',
        body: createCommentResponseSchema,
      },
    },
    errors: [
      'article/not_found',
      'comment/closed',
      'comment/invalid_parent',
      'comment/rate_limited',
      'comment/repeated',
      'comment/suspended',
      'auth/banned',
    ],
  },
  {
    method: 'GET',
    path: '/api/comments/:id',
    operationId: 'getComment',
    tag: 'Comments',
    summary: 'A comment with its ancestors (permalink)',
    access: 'public',
    params: idParamsSchema,
    responses: {
      200: { description: 'The comment, its ancestors root first.', body: commentWithContextSchema },
    },
    errors: ['comment/not_found'],
  },
  {
    method: 'GET',
    path: '/api/comments/:id/replies',
    operationId: 'listReplies',
    tag: 'Comments',
    summary: "A page of a comment's replies",
    access: 'public',
    params: idParamsSchema,
    query: listRepliesQuerySchema,
    responses: { 200: { description: 'One page of replies.', body: threadPageSchema } },
    errors: ['comment/not_found'],
  },
  {
    method: 'PATCH',
    path: '/api/comments/:id',
    operationId: 'editComment',
    tag: 'Comments',
    summary: 'Edit one of your comments',
    access: 'user',
    params: idParamsSchema,
    body: editCommentRequestSchema,
    responses: { 200: { description: 'The edited comment.', body: commentSchema } },
    errors: [
      'comment/not_found',
      'comment/not_author',
      'comment/edit_window_closed',
      'comment/not_editable',
      'comment/suspended',
      'auth/banned',
    ],
  },
  {
    method: 'DELETE',
    path: '/api/comments/:id',
    operationId: 'deleteComment',
    tag: 'Comments',
    summary: 'Delete one of your comments',
    description: 'A comment with replies stays in the thread as a `deleted` placeholder.',
    access: 'user',
    params: idParamsSchema,
    responses: { 204: { description: 'Deleted.' } },
    errors: ['comment/not_found', 'comment/not_author', 'comment/not_editable', 'auth/banned'],
  },
  {
    method: 'PUT',
    path: '/api/comments/:id/reactions/:kind',
    operationId: 'addReaction',
    tag: 'Comments',
    summary: 'Like a comment',
    access: 'user',
    params: reactionParamsSchema,
    responses: { 200: { description: "The comment's new counts.", body: reactionsUpdatedSchema } },
    errors: ['comment/not_found', 'reaction/rate_limited'],
  },
  {
    method: 'DELETE',
    path: '/api/comments/:id/reactions/:kind',
    operationId: 'removeReaction',
    tag: 'Comments',
    summary: 'Take a like back',
    access: 'user',
    params: reactionParamsSchema,
    responses: { 200: { description: "The comment's new counts.", body: reactionsUpdatedSchema } },
    errors: ['comment/not_found', 'reaction/rate_limited'],
  },
  {
    method: 'POST',
    path: '/api/comments/:id/reports',
    operationId: 'reportComment',
    tag: 'Comments',
    summary: 'Report a comment to the moderators',
    access: 'user',
    params: idParamsSchema,
    body: reportRequestSchema,
    responses: {
      201: { description: 'Reported.', body: reportResponseSchema },
      200: { description: 'Already reported by you: nothing changed.', body: reportResponseSchema },
    },
    errors: ['comment/not_found', 'comment/own_comment', 'comment/report_rate_limited', 'comment/suspended'],
  },

  // Moderation
  {
    method: 'GET',
    path: '/api/moderation/queues/:queue',
    operationId: 'listQueue',
    tag: 'Moderation',
    summary: 'A page of a moderation queue',
    access: 'staff',
    params: queueParamsSchema,
    query: queueQuerySchema,
    responses: {
      200: { description: 'One page of the queue, with every queue count.', body: queuePageSchema },
    },
    errors: ['article/not_found'],
  },
  {
    method: 'GET',
    path: '/api/moderation/counts',
    operationId: 'getQueueCounts',
    tag: 'Moderation',
    summary: 'How many comments each queue holds',
    access: 'staff',
    query: queueCountsQuerySchema,
    responses: { 200: { description: 'The counts.', body: queueCountsSchema } },
    errors: ['article/not_found'],
  },
  {
    method: 'POST',
    path: '/api/moderation/comments/:id/approve',
    operationId: 'approveComment',
    tag: 'Moderation',
    summary: 'Approve a comment',
    description:
      'A comment another moderator already decided is refused (`moderation/already_decided`, naming who) unless `override`.',
    access: 'staff',
    params: idParamsSchema,
    body: approveRequestSchema,
    responses: { 200: { description: 'Where the comment now stands.', body: decisionResponseSchema } },
    errors: ['comment/not_found', 'comment/not_editable', 'moderation/already_decided'],
  },
  {
    method: 'POST',
    path: '/api/moderation/comments/:id/reject',
    operationId: 'rejectComment',
    tag: 'Moderation',
    summary: 'Reject a comment',
    access: 'staff',
    params: idParamsSchema,
    body: rejectRequestSchema,
    responses: { 200: { description: 'Where the comment now stands.', body: decisionResponseSchema } },
    errors: ['comment/not_found', 'comment/not_editable', 'moderation/already_decided'],
  },
  {
    method: 'POST',
    path: '/api/moderation/comments/:id/feature',
    operationId: 'featureComment',
    tag: 'Moderation',
    summary: 'Feature a comment',
    access: 'staff',
    params: idParamsSchema,
    responses: { 200: { description: 'Where the comment now stands.', body: decisionResponseSchema } },
    errors: ['comment/not_found', 'comment/not_editable'],
  },
  {
    method: 'POST',
    path: '/api/moderation/comments/:id/unfeature',
    operationId: 'unfeatureComment',
    tag: 'Moderation',
    summary: 'Stop featuring a comment',
    access: 'staff',
    params: idParamsSchema,
    responses: { 200: { description: 'Where the comment now stands.', body: decisionResponseSchema } },
    errors: ['comment/not_found', 'comment/not_editable'],
  },
  {
    method: 'POST',
    path: '/api/moderation/users/:id/suspend',
    operationId: 'suspendUser',
    tag: 'Moderation',
    summary: 'Suspend a user for some hours',
    access: 'staff',
    params: idParamsSchema,
    body: suspendRequestSchema,
    responses: { 200: { description: 'The user now.', body: moderatedUserSchema } },
    errors: ['moderation/user_not_found', 'moderation/user_banned', 'moderation/protected_user'],
  },
  {
    method: 'POST',
    path: '/api/moderation/users/:id/ban',
    operationId: 'banUser',
    tag: 'Moderation',
    summary: 'Ban a user',
    description:
      'Their sessions and sockets end at once; `rejectExisting` also rejects their comments that are visible or awaiting a decision.',
    access: 'staff',
    params: idParamsSchema,
    body: banRequestSchema,
    responses: { 200: { description: 'The user now.', body: moderatedUserSchema } },
    errors: ['moderation/user_not_found', 'moderation/protected_user'],
  },
  {
    method: 'POST',
    path: '/api/moderation/users/:id/unban',
    operationId: 'unbanUser',
    tag: 'Moderation',
    summary: 'Lift a ban',
    access: 'staff',
    params: idParamsSchema,
    responses: { 200: { description: 'The user now.', body: moderatedUserSchema } },
    errors: ['moderation/user_not_found', 'moderation/protected_user'],
  },
  {
    method: 'POST',
    path: '/api/moderation/users/:id/premod',
    operationId: 'setUserPremod',
    tag: 'Moderation',
    summary: "Hold or stop holding a user's comments for review",
    access: 'staff',
    params: idParamsSchema,
    body: premodRequestSchema,
    responses: { 200: { description: 'The user now.', body: moderatedUserSchema } },
    errors: ['moderation/user_not_found', 'moderation/protected_user'],
  },
  {
    method: 'POST',
    path: '/api/moderation/users/:id/role',
    operationId: 'setUserRole',
    tag: 'Moderation',
    summary: 'Make or unmake a moderator',
    access: 'admin',
    params: idParamsSchema,
    body: roleRequestSchema,
    responses: { 200: { description: 'The user now.', body: moderatedUserSchema } },
    errors: ['moderation/user_not_found', 'moderation/protected_user'],
  },
  {
    method: 'PATCH',
    path: '/api/moderation/articles/:slug',
    operationId: 'updateArticleSettings',
    tag: 'Moderation',
    summary: "Open or close an article's comments, or set its pre-moderation",
    access: 'staff',
    params: articleParamsSchema,
    body: articleSettingsRequestSchema,
    responses: { 200: { description: 'The article now.', body: articleSchema } },
    errors: ['article/not_found'],
  },
  {
    method: 'GET',
    path: '/api/moderation/stories',
    operationId: 'listStories',
    tag: 'Moderation',
    summary: 'Stories with their comment counts, newest first, searchable by title or URL',
    access: 'staff',
    query: storyListQuerySchema,
    responses: { 200: { description: 'A page of stories.', body: storyPageSchema } },
    errors: [],
  },
  {
    method: 'POST',
    path: '/api/moderation/stories',
    operationId: 'createStory',
    tag: 'Moderation',
    summary: 'Create a story (admins)',
    access: 'admin',
    body: createStoryRequestSchema,
    responses: { 201: { description: 'The new story.', body: storyResponseSchema } },
    errors: ['story/url_taken', 'story/external_id_taken'],
  },
  {
    method: 'PATCH',
    path: '/api/moderation/stories/:id',
    operationId: 'updateStory',
    tag: 'Moderation',
    summary:
      'Edit a story: moderators open/close and set pre-moderation; admins also title, URL and external id',
    access: 'staff',
    params: idParamsSchema,
    body: updateStoryRequestSchema,
    responses: { 200: { description: 'The story now.', body: storyResponseSchema } },
    errors: ['story/not_found', 'story/url_taken', 'story/external_id_taken'],
  },
  {
    method: 'POST',
    path: '/api/moderation/stories/:id/merge',
    operationId: 'mergeStory',
    tag: 'Moderation',
    summary: 'Move every comment of a story into another, then delete it (admins)',
    access: 'admin',
    params: idParamsSchema,
    body: mergeStoryRequestSchema,
    responses: {
      200: {
        description: 'The story merged into, and how many comments moved.',
        body: mergeStoryResponseSchema,
      },
    },
    errors: ['story/not_found', 'story/merge_into_itself'],
  },
  {
    method: 'GET',
    path: '/api/moderation/word-lists',
    operationId: 'getWordLists',
    tag: 'Moderation',
    summary: 'The banned and suspect word lists',
    access: 'staff',
    responses: { 200: { description: 'The lists.', body: wordListsSchema } },
    errors: [],
  },
  {
    method: 'PUT',
    path: '/api/moderation/word-lists',
    operationId: 'setWordLists',
    tag: 'Moderation',
    summary: 'Replace the word lists',
    access: 'staff',
    body: wordListsSchema,
    responses: { 200: { description: 'The lists as stored.', body: wordListsSchema } },
    errors: [],
  },
  {
    method: 'GET',
    path: '/api/moderation/log',
    operationId: 'listModerationLog',
    tag: 'Moderation',
    summary: 'A page of the moderation log, newest first',
    access: 'staff',
    query: moderationLogQuerySchema,
    responses: { 200: { description: 'One page of the log.', body: moderationLogPageSchema } },
    errors: [],
  },

  // My data
  {
    method: 'GET',
    path: '/api/me/export',
    operationId: 'exportMyData',
    tag: 'Accounts',
    summary: 'Download everything kept about my account',
    description:
      'A JSON attachment: the account, comments with their stories, likes, reports, and `more` sections.',
    access: 'user',
    responses: { 200: { description: 'My data.', body: myDataExportSchema } },
    errors: ['account/rate_limited'],
  },
  {
    method: 'DELETE',
    path: '/api/me',
    operationId: 'deleteMyAccount',
    tag: 'Accounts',
    summary: 'Delete my account',
    description:
      'Confirmed by the password (or an SSO token). Ends every session, clears the display name, turns ' +
      'my comments into placeholders; the username is freed 30 days later.',
    access: 'user',
    body: deleteAccountRequestSchema,
    responses: { 204: { description: 'Deleted; the session cookie is cleared.' } },
    errors: ['account/confirmation_failed', 'account/rate_limited', 'moderation/user_not_found'],
  },
  {
    method: 'DELETE',
    path: '/api/moderation/users/:id',
    operationId: 'deleteUserAccount',
    tag: 'Moderation',
    summary: "Delete someone's account (logged)",
    access: 'admin',
    params: idParamsSchema,
    responses: { 204: { description: 'Deleted.' } },
    errors: ['moderation/user_not_found', 'moderation/protected_user'],
  },

  // Outbox and webhooks
  {
    method: 'GET',
    path: '/api/moderation/outbox',
    operationId: 'listOutbox',
    tag: 'Moderation',
    summary: 'Outbound effects by status (parked `failed` ones by default), newest first',
    access: 'admin',
    query: outboxQuerySchema,
    responses: { 200: { description: 'One page.', body: outboxPageSchema } },
    errors: [],
  },
  {
    method: 'POST',
    path: '/api/moderation/outbox/:id/retry',
    operationId: 'retryOutboxEntry',
    tag: 'Moderation',
    summary: 'Try a parked outbox entry again, with a fresh set of attempts',
    access: 'admin',
    params: idParamsSchema,
    responses: { 200: { description: 'The entry, pending again.', body: outboxEntrySchema } },
    errors: ['outbox/not_found'],
  },
  {
    method: 'GET',
    path: '/api/moderation/webhooks',
    operationId: 'listWebhooks',
    tag: 'Moderation',
    summary: 'Registered webhooks (secrets are never shown)',
    access: 'admin',
    responses: { 200: { description: 'Every webhook.', body: webhookListSchema } },
    errors: [],
  },
  {
    method: 'POST',
    path: '/api/moderation/webhooks',
    operationId: 'createWebhook',
    tag: 'Moderation',
    summary: 'Register a webhook',
    description:
      'The secret (given, or made) is in this answer only. See README, Webhooks, for the signature.',
    access: 'admin',
    body: webhookCreateRequestSchema,
    responses: { 201: { description: 'The webhook with its secret.', body: webhookCreatedSchema } },
    errors: [],
  },
  {
    method: 'PATCH',
    path: '/api/moderation/webhooks/:id',
    operationId: 'updateWebhook',
    tag: 'Moderation',
    summary: "Change a webhook's URL, events, secret or active flag",
    access: 'admin',
    params: idParamsSchema,
    body: webhookUpdateRequestSchema,
    responses: { 200: { description: 'The webhook now.', body: webhookSchema } },
    errors: ['webhook/not_found'],
  },
  {
    method: 'DELETE',
    path: '/api/moderation/webhooks/:id',
    operationId: 'deleteWebhook',
    tag: 'Moderation',
    summary: 'Remove a webhook and its delivery history',
    access: 'admin',
    params: idParamsSchema,
    responses: { 204: { description: 'Removed.' } },
    errors: ['webhook/not_found'],
  },
  {
    method: 'GET',
    path: '/api/moderation/webhooks/:id/deliveries',
    operationId: 'listWebhookDeliveries',
    tag: 'Moderation',
    summary: 'Recent delivery attempts, newest first',
    access: 'admin',
    params: idParamsSchema,
    responses: { 200: { description: 'Up to 50 attempts.', body: webhookDeliveryListSchema } },
    errors: ['webhook/not_found'],
  },

  // This reference
  {
    method: 'GET',
    path: '/api/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'Reference',
    summary: 'This API as an OpenAPI 3.1 document',
    access: 'public',
    responses: { 200: { description: 'The document.', body: openApiDocumentSchema } },
    errors: [],
  },
  {
    method: 'GET',
    path: '/api/docs',
    operationId: 'getApiReference',
    tag: 'Reference',
    summary: 'This API as a page to read',
    access: 'public',
    responses: { 200: { description: 'An HTML page.', contentType: 'text/html' } },
    errors: [],
  },
] as const satisfies readonly RouteSpec[];

/** `METHOD /path`, e.g. `PATCH /api/comments/:id`: how tests and the matrix name a route. */
export type RouteKey = `${HttpMethod} /api/${string}`;
export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>): RouteKey =>
  `${route.method} ${route.path}`;

const MUTATIONS: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every error code a route can answer with: its own, plus those every route of its kind gets —
 * request/invalid (it takes input), request/cross_site (a mutation: cookie requests from another
 * site), auth/unauthenticated and auth/forbidden (by access), server/internal and server/unavailable
 * (all). A code whose status the route documents as a success (health's 503) is left out.
 */
export function routeErrors(route: RouteSpec, statusOf: (code: ErrorCode) => number): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  if (route.params || route.query || route.body) codes.add('request/invalid');
  if (MUTATIONS.has(route.method)) codes.add('request/cross_site');
  if (route.access !== 'public') codes.add('auth/unauthenticated');
  if (route.access === 'staff' || route.access === 'admin') codes.add('auth/forbidden');
  for (const code of route.errors) codes.add(code);
  codes.add('server/internal');
  codes.add('server/unavailable');
  const successes = new Set(Object.keys(route.responses).map(Number));
  return [...codes].filter((code) => !successes.has(statusOf(code)));
}

/**
 * Names for the reference's shared schema components (`#/components/schemas/<name>`). A schema
 * used by several routes, or inside other schemas, reads better under a name; others are inlined.
 */
export const SCHEMA_NAMES = new Map<z.ZodType, string>([
  [apiErrorBodySchema, 'Error'],
  [healthSchema, 'Health'],
  [publicUserSchema, 'PublicUser'],
  [meSchema, 'Me'],
  [articleSchema, 'Article'],
  [commentSchema, 'Comment'],
  [threadCommentSchema, 'ThreadComment'],
  [threadPageSchema, 'ThreadPage'],
  [commentWithContextSchema, 'CommentWithContext'],
  [commentChangesSchema, 'CommentChanges'],
  [createCommentResponseSchema, 'CreateCommentResponse'],
  [reactionsUpdatedSchema, 'ReactionsUpdated'],
  [reportResponseSchema, 'ReportResponse'],
  [queuePageSchema, 'QueuePage'],
  [queueCountsSchema, 'QueueCounts'],
  [decisionResponseSchema, 'DecisionResponse'],
  [moderatedUserSchema, 'ModeratedUser'],
  [wordListsSchema, 'WordLists'],
  [moderationLogPageSchema, 'ModerationLogPage'],
]);

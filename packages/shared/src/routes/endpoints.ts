/**
 * Every HTTP route of the API by its operationId: method and path, nothing else. Zod-free on
 * purpose: the web's typed client (apps/web/src/api/client.ts) takes these values from
 * `@parley/shared/values`, and the catalogue entries (routes/<area>.ts) take their method and path
 * from here, so a route's address is written once.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Endpoint {
  method: HttpMethod;
  /** Express style, as Nest registers it: `/api/comments/:id`. */
  path: `/api/${string}`;
}

export const ENDPOINTS = {
  // Health
  getHealth: { method: 'GET', path: '/api/health' },
  getVersion: { method: 'GET', path: '/api/version' },
  // Accounts
  register: { method: 'POST', path: '/api/auth/register' },
  login: { method: 'POST', path: '/api/auth/login' },
  signInWithSso: { method: 'POST', path: '/api/auth/sso' },
  getAuthOptions: { method: 'GET', path: '/api/auth/options' },
  logout: { method: 'POST', path: '/api/auth/logout' },
  getMe: { method: 'GET', path: '/api/auth/me' },
  updateMe: { method: 'PATCH', path: '/api/auth/me' },
  verifyEmailPage: { method: 'GET', path: '/api/auth/verify-email' },
  verifyEmail: { method: 'POST', path: '/api/auth/verify-email' },
  changePassword: { method: 'POST', path: '/api/auth/password' },
  listSessions: { method: 'GET', path: '/api/auth/sessions' },
  endSession: { method: 'DELETE', path: '/api/auth/sessions/:id' },
  endOtherSessions: { method: 'DELETE', path: '/api/auth/sessions' },
  // Notifications
  listNotifications: { method: 'GET', path: '/api/me/notifications' },
  markNotificationsRead: { method: 'POST', path: '/api/me/notifications/read' },
  getNotificationSettings: { method: 'GET', path: '/api/me/notifications/settings' },
  updateNotificationSettings: { method: 'PUT', path: '/api/me/notifications/settings' },
  unsubscribePage: { method: 'GET', path: '/api/unsubscribe' },
  unsubscribe: { method: 'POST', path: '/api/unsubscribe' },
  // Stories (the embed resolves its story, count.js asks for counts)
  resolveStory: { method: 'POST', path: '/api/stories/resolve' },
  getDefaultStory: { method: 'GET', path: '/api/stories/default' },
  getStoryCounts: { method: 'GET', path: '/api/stories/counts' },
  getStory: { method: 'GET', path: '/api/stories/:slug' },
  // Reading
  listComments: { method: 'GET', path: '/api/stories/:slug/comments' },
  listCommentChanges: { method: 'GET', path: '/api/stories/:slug/comments/changes' },
  createComment: { method: 'POST', path: '/api/stories/:slug/comments' },
  getComment: { method: 'GET', path: '/api/comments/:id' },
  listReplies: { method: 'GET', path: '/api/comments/:id/replies' },
  editComment: { method: 'PATCH', path: '/api/comments/:id' },
  deleteComment: { method: 'DELETE', path: '/api/comments/:id' },
  addReaction: { method: 'PUT', path: '/api/comments/:id/reactions/:kind' },
  removeReaction: { method: 'DELETE', path: '/api/comments/:id/reactions/:kind' },
  reportComment: { method: 'POST', path: '/api/comments/:id/reports' },
  // Notice and action (EU Digital Services Act)
  fileDsaNotice: { method: 'POST', path: '/api/dsa/notices' },
  fileDsaAppeal: { method: 'POST', path: '/api/dsa/notices/:id/appeals' },
  listMyDsaStatements: { method: 'GET', path: '/api/me/dsa/statements' },
  listDsaNotices: { method: 'GET', path: '/api/moderation/dsa/notices' },
  reviewDsaNotice: { method: 'POST', path: '/api/moderation/dsa/notices/:id/review' },
  decideDsaNotice: { method: 'POST', path: '/api/moderation/dsa/notices/:id/decision' },
  listDsaAppeals: { method: 'GET', path: '/api/moderation/dsa/appeals' },
  decideDsaAppeal: { method: 'POST', path: '/api/moderation/dsa/appeals/:id/decision' },
  getDsaReport: { method: 'GET', path: '/api/moderation/dsa/report' },
  // Moderation
  listQueue: { method: 'GET', path: '/api/moderation/queues/:queue' },
  getQueueCounts: { method: 'GET', path: '/api/moderation/counts' },
  listCommentRevisions: { method: 'GET', path: '/api/moderation/comments/:id/revisions' },
  decideComments: { method: 'POST', path: '/api/moderation/comments/bulk' },
  approveComment: { method: 'POST', path: '/api/moderation/comments/:id/approve' },
  rejectComment: { method: 'POST', path: '/api/moderation/comments/:id/reject' },
  featureComment: { method: 'POST', path: '/api/moderation/comments/:id/feature' },
  unfeatureComment: { method: 'POST', path: '/api/moderation/comments/:id/unfeature' },
  suspendUser: { method: 'POST', path: '/api/moderation/users/:id/suspend' },
  banUser: { method: 'POST', path: '/api/moderation/users/:id/ban' },
  unbanUser: { method: 'POST', path: '/api/moderation/users/:id/unban' },
  setUserPremod: { method: 'POST', path: '/api/moderation/users/:id/premod' },
  setUserRole: { method: 'POST', path: '/api/moderation/users/:id/role' },
  listStories: { method: 'GET', path: '/api/moderation/stories' },
  createStory: { method: 'POST', path: '/api/moderation/stories' },
  updateStory: { method: 'PATCH', path: '/api/moderation/stories/:id' },
  mergeStory: { method: 'POST', path: '/api/moderation/stories/:id/merge' },
  getWordLists: { method: 'GET', path: '/api/moderation/word-lists' },
  setWordLists: { method: 'PUT', path: '/api/moderation/word-lists' },
  getToxicitySettings: { method: 'GET', path: '/api/moderation/toxicity' },
  setToxicitySettings: { method: 'PUT', path: '/api/moderation/toxicity' },
  listModerationLog: { method: 'GET', path: '/api/moderation/log' },
  searchComments: { method: 'GET', path: '/api/moderation/search' },
  getPerson: { method: 'GET', path: '/api/moderation/users/:id' },
  listPersonComments: { method: 'GET', path: '/api/moderation/users/:id/comments' },
  listModeratorNotes: { method: 'GET', path: '/api/moderation/users/:id/notes' },
  createModeratorNote: { method: 'POST', path: '/api/moderation/users/:id/notes' },
  // My data
  exportMyData: { method: 'GET', path: '/api/me/export' },
  listMyComments: { method: 'GET', path: '/api/me/comments' },
  listMyClaims: { method: 'GET', path: '/api/me/claims' },
  claimImportedComments: { method: 'POST', path: '/api/me/claims/:id' },
  deleteMyAccount: { method: 'DELETE', path: '/api/me' },
  deleteUserAccount: { method: 'DELETE', path: '/api/moderation/users/:id' },
  // Imports (admins)
  startImport: { method: 'POST', path: '/api/moderation/imports' },
  listImports: { method: 'GET', path: '/api/moderation/imports' },
  getImport: { method: 'GET', path: '/api/moderation/imports/:id' },
  // Outbox and webhooks
  listOutbox: { method: 'GET', path: '/api/moderation/outbox' },
  retryOutboxEntry: { method: 'POST', path: '/api/moderation/outbox/:id/retry' },
  listWebhooks: { method: 'GET', path: '/api/moderation/webhooks' },
  createWebhook: { method: 'POST', path: '/api/moderation/webhooks' },
  updateWebhook: { method: 'PATCH', path: '/api/moderation/webhooks/:id' },
  deleteWebhook: { method: 'DELETE', path: '/api/moderation/webhooks/:id' },
  listWebhookDeliveries: { method: 'GET', path: '/api/moderation/webhooks/:id/deliveries' },
  // This reference
  getOpenApiDocument: { method: 'GET', path: '/api/openapi.json' },
  getApiReference: { method: 'GET', path: '/api/docs' },
} as const satisfies Record<string, Endpoint>;

/** An endpoint's name: its operationId in the API reference. */
export type EndpointId = keyof typeof ENDPOINTS;

/** `METHOD /path`, e.g. `PATCH /api/comments/:id`: how tests and the matrix name a route. */
export type RouteKey = `${HttpMethod} /api/${string}`;
export const routeKey = (route: Endpoint): RouteKey => `${route.method} ${route.path}`;

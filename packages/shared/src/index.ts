// Everything: the values (also at `@parley/shared/values`, without zod) and the zod schemas.
export * from './values.js';
export * from './events.js';
export * from './schemas/common.js';
export * from './schemas/users.js';
export * from './schemas/comments.js';
export * from './schemas/moderation.js';
export * from './schemas/moderation-log.js';
export * from './schemas/people.js';
export * from './schemas/notifications.js';
export * from './schemas/outbox.js';
export * from './schemas/imports.js';
export * from './schemas/webhooks.js';
export * from './schemas/webhook-events.js';
export * from './schemas/moderation-hook.js';
export * from './schemas/account.js';
export * from './schemas/sessions.js';
export * from './schemas/errors.js';
export * from './schemas/field-errors.js';
export * from './schemas/health.js';
export * from './schemas/docs.js';
// The route catalogue (never from values.ts: it needs zod).
export * from './routes/index.js';
export * from './schemas/stories.js';
export * from './schemas/search.js';
export * from './schemas/dsa.js';

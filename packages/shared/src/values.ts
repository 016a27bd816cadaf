/**
 * The runtime values of the contract without its zod schemas: `@parley/shared/values`.
 *
 * The web app imports values only from here, so its bundle carries no zod; the schemas build on
 * these same values, so the two cannot drift apart. Nothing reachable from this file may import
 * zod (`test/values.test.ts` walks the imports to make sure).
 *
 * Only re-exports, on purpose: the bundler then takes each value from its own module, so a value
 * the first page needs and one only a later chunk needs do not have to travel together.
 */
export {
  COMMENT_STATUSES,
  DSA_ACTIONS,
  DSA_APPEAL_OUTCOMES,
  DSA_APPEAL_STATUSES,
  DSA_APPELLANTS,
  DSA_CATEGORIES,
  DSA_NOTICE_STATUSES,
  EMAIL_DELIVERIES,
  MODERATION_FLAGS,
  MODERATION_REASONS,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  PREMOD_MODES,
  REPORT_REASONS,
  USER_ROLES,
  USER_STATUSES,
} from '@parley/db/schema';
export * from './constants.js';
export * from './errors.js';
export * from './stories.js';
export * from './text/format.js';
export * from './text/safe-text.js';
export * from './routes/endpoints.js';
export * from './dsa-labels.js';

// Everything: the values (also at `@parley/shared/values`, without zod) and the zod schemas.
export * from './values.js';
export * from './events.js';
export * from './schemas/common.js';
export * from './schemas/users.js';
export * from './schemas/articles.js';
export * from './schemas/comments.js';
export * from './schemas/moderation.js';
export * from './schemas/stories.js';

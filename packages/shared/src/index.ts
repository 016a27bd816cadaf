export * from './errors.js';
export * from './events.js';
export * from './schemas/common.js';
export * from './schemas/users.js';
export * from './schemas/articles.js';
export * from './schemas/comments.js';
export * from './schemas/moderation.js';
export * from './text/format.js';

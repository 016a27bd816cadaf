export * from './schema.js';
export * from './database.js';
export {
  migrateToLatest,
  migrateDownAll,
  migrationStatus,
  createMigrator,
  MIGRATION_NAMES,
  type MigrationStatus,
} from './migrate.js';
export { seed, SEEDED_STORY_SLUG } from './seed.js';
export { sql, type Kysely, type SelectQueryBuilder, type Transaction, type Selectable } from 'kysely';

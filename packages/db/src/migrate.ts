import {
  Migrator,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
} from 'kysely';
import * as initial from './migrations/2026_11_26_0001_initial.js';
import * as firstListedAt from './migrations/2026_11_29_0001_first_listed_at.js';
import * as reportStanding from './migrations/2026_11_29_0002_report_standing.js';
import * as ssoAccounts from './migrations/2026_11_30_0001_sso_accounts.js';
import * as stories from './migrations/2026_11_30_0002_stories.js';
import * as outbox from './migrations/2026_11_30_0003_outbox.js';
import * as webhooks from './migrations/2026_11_30_0004_webhooks.js';
import * as accountDeletion from './migrations/2026_11_30_0005_account_deletion.js';
import * as storyCounters from './migrations/2026_11_30_0007_story_counters.js';
import * as reactionsByUser from './migrations/2026_11_30_0008_reactions_by_user.js';
import * as notifications from './migrations/2026_11_30_0006_notifications.js';
import * as storyNames from './migrations/2026_12_07_0001_story_names.js';
import * as confirmedEmailUniqueness from './migrations/2026_12_07_0002_confirmed_email_uniqueness.js';
import * as importSources from './migrations/2026_12_07_0003_import_sources.js';
import * as commentRevisions from './migrations/2026_12_07_0004_comment_revisions.js';
import * as moderatorNotes from './migrations/2026_12_07_0005_moderator_notes.js';
import * as accountSessions from './migrations/2026_12_07_0006_account_sessions.js';
import * as moderationHook from './migrations/2026_12_07_0007_moderation_hook.js';
import * as commentSearch from './migrations/2026_12_07_0008_comment_search.js';
import * as dsaNotices from './migrations/2026_12_07_0009_dsa_notices.js';
import * as importClaims from './migrations/2026_12_07_0010_import_claims.js';
import * as importJobs from './migrations/2026_12_07_0011_import_jobs.js';
import * as logDetails from './migrations/2026_12_07_0012_log_details.js';
import * as toxicityScores from './migrations/2026_12_07_0013_toxicity_scores.js';
import * as userLocale from './migrations/2026_12_07_0014_user_locale.js';
import * as noticeLocale from './migrations/2026_12_07_0015_notice_locale.js';
import * as searchNewest from './migrations/2026_12_07_0016_search_newest.js';
import * as bulkImports from './migrations/2026_12_07_0017_bulk_imports.js';

/** Every migration, in order. Append new ones; never edit or reorder landed ones. */
const migrations: Record<string, Migration> = {
  '2026_11_26_0001_initial': initial,
  '2026_11_29_0001_first_listed_at': firstListedAt,
  '2026_11_29_0002_report_standing': reportStanding,
  '2026_11_30_0001_sso_accounts': ssoAccounts,
  '2026_11_30_0002_stories': stories,
  '2026_11_30_0003_outbox': outbox,
  '2026_11_30_0004_webhooks': webhooks,
  '2026_11_30_0005_account_deletion': accountDeletion,
  '2026_11_30_0007_story_counters': storyCounters,
  '2026_11_30_0008_reactions_by_user': reactionsByUser,
  '2026_11_30_0006_notifications': notifications,
  '2026_12_07_0001_story_names': storyNames,
  '2026_12_07_0002_confirmed_email_uniqueness': confirmedEmailUniqueness,
  '2026_12_07_0003_import_sources': importSources,
  '2026_12_07_0004_comment_revisions': commentRevisions,
  '2026_12_07_0005_moderator_notes': moderatorNotes,
  '2026_12_07_0006_account_sessions': accountSessions,
  '2026_12_07_0007_moderation_hook': moderationHook,
  '2026_12_07_0008_comment_search': commentSearch,
  '2026_12_07_0009_dsa_notices': dsaNotices,
  '2026_12_07_0010_import_claims': importClaims,
  '2026_12_07_0011_import_jobs': importJobs,
  '2026_12_07_0012_log_details': logDetails,
  '2026_12_07_0013_toxicity_scores': toxicityScores,
  '2026_12_07_0014_user_locale': userLocale,
  '2026_12_07_0015_notice_locale': noticeLocale,
  '2026_12_07_0016_search_newest': searchNewest,
  '2026_12_07_0017_bulk_imports': bulkImports,
};

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider });
}

function unwrap({ error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    const where = failed ? ` in ${failed.migrationName}` : '';
    throw new Error(`Migration failed${where}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).map((result) => result.migrationName);
}

/** Brings the schema up to date; returns the names of the migrations it ran. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return unwrap(await createMigrator(db).migrateToLatest());
}

export interface MigrationStatus {
  /** Names of the migrations the database has run, oldest first. */
  applied: string[];
  /** Names of the migrations this code knows and the database has not run, in the order they would run. */
  pending: string[];
}

/**
 * What has run and what would run, read without writing anything: on a database that was never
 * migrated (no migration table yet) every migration is pending.
 */
export async function migrationStatus(db: Kysely<any>): Promise<MigrationStatus> {
  const migrations = await createMigrator(db).getMigrations();
  return {
    applied: migrations.filter((migration) => migration.executedAt).map((migration) => migration.name),
    pending: migrations.filter((migration) => !migration.executedAt).map((migration) => migration.name),
  };
}

/** Every migration this code knows, in the order they run (the Migrator's: by name), no database needed. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations).sort((a, b) => a.localeCompare(b));

/** Undoes every migration (tests and `parley-migrate reset` only). */
export async function migrateDownAll(db: Kysely<any>): Promise<string[]> {
  const migrator = createMigrator(db);
  const undone: string[] = [];
  for (;;) {
    const names = unwrap(await migrator.migrateDown());
    if (names.length === 0) return undone;
    undone.push(...names);
  }
}

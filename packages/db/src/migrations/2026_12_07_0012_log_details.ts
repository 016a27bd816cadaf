import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// The moderation log as a record (issue 21 item 6, issue 23 item 7):
// - it is filtered by moderator and by story, newest first: an index for each, like the one by person;
// - readers' report reasons and moderators' reject reasons become one list
//   ('spam', 'abuse', 'offensive', 'off_topic', 'other'): reports may now say 'offensive', and
//   rejections logged as 'abusive' read 'abuse', the name reports always had.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX moderation_actions_actor_idx ON moderation_actions (actor_id, created_at DESC, id DESC)
    WHERE actor_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX moderation_actions_story_idx ON moderation_actions (story_id, created_at DESC, id DESC)
    WHERE story_id IS NOT NULL`.execute(db);
  await sql`ALTER TABLE reports DROP CONSTRAINT reports_reason_check`.execute(db);
  await sql`ALTER TABLE reports ADD CONSTRAINT reports_reason_check
    CHECK (reason IN ('spam', 'abuse', 'offensive', 'off_topic', 'other'))`.execute(db);
  await sql`UPDATE moderation_actions SET reason = 'abuse' WHERE action = 'reject' AND reason = 'abusive'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`UPDATE moderation_actions SET reason = 'abusive' WHERE action = 'reject' AND reason = 'abuse'`.execute(
    db,
  );
  await sql`UPDATE reports SET reason = 'abuse' WHERE reason = 'offensive'`.execute(db);
  await sql`ALTER TABLE reports DROP CONSTRAINT reports_reason_check`.execute(db);
  await sql`ALTER TABLE reports ADD CONSTRAINT reports_reason_check
    CHECK (reason IN ('spam', 'abuse', 'off_topic', 'other'))`.execute(db);
  await sql`DROP INDEX moderation_actions_story_idx`.execute(db);
  await sql`DROP INDEX moderation_actions_actor_idx`.execute(db);
}

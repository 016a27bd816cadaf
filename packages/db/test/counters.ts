/** Helpers shared by the counter-trigger suites: a recount to compare counters with, and a raw status change. */
import { sql, type Kysely } from 'kysely';
import type { CommentStatus, DB } from '../src/schema.js';

export interface CounterDrift {
  kind: string;
  id: string;
  stored: number;
  counted: number;
}

/**
 * Every trigger-kept counter compared with a recount from the rows themselves. Empty when the
 * triggers kept up. Scoped to the given stories and users so other tests' rows do not matter.
 */
export async function counterDrift(
  db: Kysely<DB>,
  storyIds: string[],
  userIds: string[],
): Promise<CounterDrift[]> {
  const { rows } = await sql<CounterDrift>`
    select 'story.commentCount' as kind, a.id,
           a.comment_count + coalesce((select sum(s.delta) from story_comment_counts s where s.story_id = a.id), 0)::int as stored,
           (select count(*) from comments c where c.story_id = a.id and c.status in ('published', 'approved'))::int as counted
      from stories a where a.id = any(${storyIds}::uuid[])
    union all
    select 'comment.replyCount', p.id, p.reply_count,
           (select count(*) from comments c where c.parent_id = p.id and c.status in ('published', 'approved'))::int
      from comments p where p.story_id = any(${storyIds}::uuid[])
    union all
    select 'comment.reactionCount', p.id, p.reaction_count,
           (select count(*) from reactions r where r.comment_id = p.id)::int
      from comments p where p.story_id = any(${storyIds}::uuid[])
    union all
    select 'comment.reportCount', p.id, p.report_count,
           (select count(*) from reports r where r.comment_id = p.id and r.resolved_at is null)::int
      from comments p where p.story_id = any(${storyIds}::uuid[])
    union all
    select 'user.approvedCount', u.id, u.approved_count,
           (select count(*) from comments c where c.author_id = u.id and c.status = 'approved')::int
      from users u where u.id = any(${userIds}::uuid[])
    union all
    select 'user.rejectedCount', u.id, u.rejected_count,
           (select count(*) from comments c where c.author_id = u.id and c.status = 'rejected')::int
      from users u where u.id = any(${userIds}::uuid[])
  `.execute(db);
  return rows.filter((row) => Number(row.stored) !== Number(row.counted));
}

/** Sets a comment's status straight in the table, as a moderation decision or a delete does. */
export function setStatus(db: Kysely<DB>, id: string, status: CommentStatus) {
  return db.updateTable('comments').set({ status }).where('id', '=', id).execute();
}

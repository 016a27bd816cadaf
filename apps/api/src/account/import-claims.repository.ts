import { Inject, Injectable } from '@nestjs/common';
import { sql } from '@parley/db';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

/** An imported account a reader could claim, as the offer lists it. */
export interface ClaimableAccount {
  id: string;
  importSource: string;
  displayName: string;
  commentCount: number;
  firstCommentAt: Date | null;
  lastCommentAt: Date | null;
}

/** An imported account as the claim reads it under its lock. */
export interface LockedImport {
  id: string;
  importSource: string;
  importEmail: string | null;
  username: string;
  displayName: string;
  claimedAt: Date | null;
  approvedCount: number;
  rejectedCount: number;
}

/**
 * The SQL of claiming imported comments. An imported account is claimable while nobody can sign in
 * to it (no password, no SSO subject), it is not deleted and nobody has claimed it yet.
 */
@Injectable()
export class ImportClaimsRepository implements ExecutorBound<ImportClaimsRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): ImportClaimsRepository {
    return new ImportClaimsRepository(executor);
  }

  /** The claimable accounts imported under this address (any letter case), oldest comments first. */
  async claimableFor(email: string): Promise<ClaimableAccount[]> {
    const rows = await this.db
      .selectFrom('users as u')
      .leftJoin('comments as c', 'c.authorId', 'u.id')
      .select([
        'u.id',
        'u.importSource',
        'u.displayName',
        sql<string>`count(c.id)`.as('commentCount'),
        sql<Date | null>`min(c.created_at)`.as('firstCommentAt'),
        sql<Date | null>`max(c.created_at)`.as('lastCommentAt'),
      ])
      .where(sql<string>`lower(u.import_email)`, '=', email.toLowerCase())
      .where('u.importEmail', 'is not', null)
      .where('u.claimedAt', 'is', null)
      .where('u.deletedAt', 'is', null)
      .where('u.passwordHash', 'is', null)
      .where('u.ssoSubject', 'is', null)
      .groupBy('u.id')
      .orderBy(sql`min(c.created_at)`, (ob) => ob.asc().nullsLast())
      .orderBy('u.id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      importSource: row.importSource ?? '',
      displayName: row.displayName,
      commentCount: Number(row.commentCount),
      firstCommentAt: row.firstCommentAt && new Date(row.firstCommentAt),
      lastCommentAt: row.lastCommentAt && new Date(row.lastCommentAt),
    }));
  }

  /** In a transaction: the imported account, locked until it ends, so one claim of it runs at a time. */
  async lockImported(id: string): Promise<LockedImport | undefined> {
    const row = await this.db
      .selectFrom('users')
      .select([
        'id',
        'importSource',
        'importEmail',
        'username',
        'displayName',
        'claimedAt',
        'approvedCount',
        'rejectedCount',
      ])
      .where('id', '=', id)
      .where('importSource', 'is not', null)
      .where('passwordHash', 'is', null)
      .where('ssoSubject', 'is', null)
      .where('deletedAt', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    return row && { ...row, importSource: row.importSource ?? '' };
  }

  /** Every comment of the account moves to `toId`; their ids, in the order they were written. */
  async reassignComments(fromId: string, toId: string): Promise<string[]> {
    const rows = await this.db
      .updateTable('comments')
      .set({ authorId: toId })
      .where('authorId', '=', fromId)
      .returning(['id', 'createdAt'])
      .execute();
    return rows
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
      .map((row) => row.id);
  }

  /**
   * The tallies the counter triggers keep per author (they follow status changes, not a change of
   * author) move with the comments.
   */
  async moveTallies(from: LockedImport, toId: string): Promise<void> {
    // Counters are the triggers' (Kysely's types refuse writes to them): this is the one hand-off.
    await sql`UPDATE users SET approved_count = approved_count + ${from.approvedCount},
        rejected_count = rejected_count + ${from.rejectedCount} WHERE id = ${toId}`.execute(this.db);
    await sql`UPDATE users SET approved_count = 0, rejected_count = 0 WHERE id = ${from.id}`.execute(this.db);
  }

  /** The imported account is retired: it names its claimer and holds no address any more. */
  async retire(id: string, claimedBy: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ claimedBy, claimedAt: sql<Date>`now()`, email: null, emailVerifiedAt: null })
      .where('id', '=', id)
      .execute();
  }
}

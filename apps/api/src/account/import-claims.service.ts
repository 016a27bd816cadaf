import { Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import type { ImportClaimList, ImportClaimResult } from '@parley/shared';
import { CommentChangePublisher } from '../comments/comment-change-publisher.js';
import { CommentChangeRecorder, type RecordedChange } from '../comments/comment-change-recorder.js';
import { CommentReadingRepository } from '../comments/comment-reading.repository.js';
import { AppError } from '../common/app-error.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import { ImportClaimsRepository } from './import-claims.repository.js';

/** Comments re-read per query after the move (an `IN` list well under Postgres's parameter limit). */
const READ_BATCH = 1000;

/**
 * Claiming imported comments (issue 20, "beyond the peers"): a reader whose confirmed address (by
 * the emailed link, or an SSO `email` claim) is the one an imported account had in its source takes
 * that account's comments. They show under the reader's name everywhere at once: each moved comment
 * is recorded as a `claimed` change, so caches and live readers follow the one path every comment
 * change takes; the claim itself is one row of the moderation log.
 */
@Injectable()
export class ImportClaimsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly claims: ImportClaimsRepository,
    private readonly users: UsersRepository,
    private readonly comments: CommentReadingRepository,
    private readonly log: ModerationLogRepository,
    private readonly changes: CommentChangeRecorder,
    private readonly publisher: CommentChangePublisher,
  ) {}

  /** What the reader may claim: nothing until their address is confirmed. */
  async offers(user: User): Promise<ImportClaimList> {
    if (!user.email || !user.emailVerifiedAt) return { claims: [] };
    const accounts = await this.claims.claimableFor(user.email);
    return {
      claims: accounts.map((account) => ({
        id: account.id,
        source: account.importSource,
        displayName: account.displayName,
        commentCount: account.commentCount,
        firstCommentAt: account.firstCommentAt?.toISOString() ?? null,
        lastCommentAt: account.lastCommentAt?.toISOString() ?? null,
      })),
    };
  }

  /** Moves the imported account's comments to the reader and retires it. Once, by the address's owner. */
  async claim(user: User, importedId: string): Promise<ImportClaimResult> {
    const actor = { id: user.id, username: user.username };
    const recorded = await this.transactions.run(
      {
        claims: this.claims,
        users: this.users,
        comments: this.comments,
        log: this.log,
        changes: this.changes,
      },
      async ({ claims, users, comments, log, changes }) => {
        // The reader's row first, as posting takes it; read under the lock, so an address changed
        // meanwhile cannot claim.
        const reader = await users.lockById(user.id);
        if (!reader?.email || !reader.emailVerifiedAt) throw new AppError('account/claim_unconfirmed');
        const imported = await claims.lockImported(importedId);
        if (!imported || imported.importEmail?.toLowerCase() !== reader.email.toLowerCase()) {
          throw new AppError('account/claim_not_found');
        }
        if (imported.claimedAt) throw new AppError('account/claim_used');
        const ids = await claims.reassignComments(imported.id, reader.id);
        await claims.moveTallies(imported, reader.id);
        await claims.retire(imported.id, reader.id);
        await log.record({
          actorId: reader.id,
          action: 'claim_import',
          userId: imported.id,
          details: { source: imported.importSource, name: imported.displayName, comments: ids.length },
        });
        const moved: RecordedChange[] = [];
        for (let start = 0; start < ids.length; start += READ_BATCH) {
          for (const after of await comments.findManyByIds(ids.slice(start, start + READ_BATCH))) {
            // Only the author changed: `before` is the same row under the imported name.
            const before = {
              ...after,
              authorId: imported.id,
              authorUsername: imported.username,
              authorDisplayName: imported.displayName,
              authorRole: 'reader' as const,
            };
            moved.push(await changes.record({ cause: 'claimed', before, after, actor }));
          }
        }
        return moved;
      },
    );
    await this.publisher.publish(recorded);
    return { claimed: recorded.length };
  }
}

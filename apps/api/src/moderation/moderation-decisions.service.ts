import { Injectable } from '@nestjs/common';
import type { CommentStatus, User } from '@parley/db';
import type {
  BulkDecisionOutcome,
  BulkDecisionRequest,
  BulkDecisionResponse,
  BulkDecisionResult,
  DecisionResponse,
  ErrorCode,
  RejectReason,
} from '@parley/shared';
import type { Decision } from '../comments/comment-change.js';
import { CommentChangePublisher } from '../comments/comment-change-publisher.js';
import { CommentChangeRecorder, type RecordedChange } from '../comments/comment-change-recorder.js';
import { toComment } from '../comments/comment.mapper.js';
import { CommentReadingRepository } from '../comments/comment-reading.repository.js';
import type { CommentRecord } from '../comments/comment-records.js';
import { AppError } from '../common/app-error.js';
import { TransactionRunner, type ExecutorBound } from '../database/transaction-runner.js';
import { UsersRepository } from '../users/users.repository.js';
import { queuesOf } from './queues.js';
import { ModerationRepository } from './moderation.repository.js';

/** What each decision does to a comment in a given state; null when it cannot apply. */
function nextState(
  decision: Decision,
  current: { status: CommentStatus; featured: boolean },
): { status: CommentStatus; featured: boolean } | null {
  if (current.status === 'deleted') return null;
  switch (decision) {
    case 'approve':
      return { status: 'approved', featured: current.featured };
    case 'reject':
      return { status: 'rejected', featured: false };
    case 'feature':
      // Featuring is an approval too (as in Coral): a featured comment is visible and reviewed.
      return current.status === 'rejected' ? null : { status: 'approved', featured: true };
    case 'unfeature':
      return current.status === 'rejected' ? null : { status: current.status, featured: false };
  }
}

/** Decided means a moderator already settled it: approved or rejected by someone, with no open reports since. */
function isDecided(current: {
  status: CommentStatus;
  reportCount: number;
  decidedBy: string | null;
}): boolean {
  return (
    (current.status === 'approved' || current.status === 'rejected') &&
    current.reportCount === 0 &&
    current.decidedBy !== null
  );
}

type Bound = {
  moderation: ModerationRepository;
  users: UsersRepository;
  comments: CommentReadingRepository;
  changes: CommentChangeRecorder;
};

interface Decided {
  record: CommentRecord;
  recorded: RecordedChange | null;
}

/** Any bound repository, for the one map `decideWithin` binds (its typed halves are split back out). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a recursive alias is not allowed here
interface Loose extends ExecutorBound<Loose> {}

/** A decision inside `decideWithin`: the comment as it now stands. */
export type ApplyDecision = (
  decision: Decision,
  commentId: string,
  moderator: User,
  options?: { reason?: RejectReason; override?: boolean },
) => Promise<CommentRecord>;

/** One comment of a bulk decision: decided (or left as it was), or refused with why. */
type BulkOutcome =
  ({ id: string } & Decided) | { id: string; failed: AppError; current?: CommentRecord | undefined };

/**
 * A decision on one comment whose author's row the transaction already holds: locks the comment,
 * refuses what the rules refuse (before writing anything), else writes it and records the change.
 */
async function decideLocked(
  { moderation, comments, changes }: Bound,
  decision: Decision,
  commentId: string,
  moderator: User,
  options: { reason?: RejectReason; override?: boolean },
): Promise<Decided> {
  const current = await moderation.lockComment(commentId);
  if (!current) throw new AppError('comment/not_found');
  const next = nextState(decision, current);
  if (!next) throw new AppError('comment/not_editable', { status: current.status });
  const unchanged = next.status === current.status && next.featured === current.featured;
  const approveOrReject = decision === 'approve' || decision === 'reject';
  // Another moderator's decision stands unless overridden on purpose; one's own repeat is a no-op.
  if (approveOrReject && isDecided(current) && current.decidedBy !== moderator.id && !options.override) {
    throw new AppError(
      'moderation/already_decided',
      { decidedBy: current.decidedByName, status: current.status },
      `${current.decidedByName ?? 'Another moderator'} already ${current.status} this comment.`,
    );
  }
  const before = (await comments.findById(commentId))!;
  if (unchanged && current.reportCount === 0) return { record: before, recorded: null };
  if (approveOrReject || next.status !== current.status) {
    await moderation.decide(commentId, next.status, moderator.id, next.featured);
  } else {
    await moderation.setFeatured(commentId, next.featured);
  }
  if (approveOrReject || decision === 'feature') await moderation.resolveReports(commentId);
  const after = (await comments.findById(commentId))!;
  // The log row, the webhook event and the author's (or a parent's author's) notification.
  const recorded = await changes.record({
    cause: 'decided',
    before,
    after,
    actor: { id: moderator.id, username: moderator.username },
    decision: { kind: decision, reason: options.reason ?? null },
  });
  return { record: after, recorded };
}

const REFUSALS = {
  'moderation/already_decided': 'already_decided',
  'comment/not_editable': 'not_editable',
  'comment/not_found': 'not_found',
} as const satisfies Partial<Record<ErrorCode, BulkDecisionOutcome>>;

function toBulkResult(outcome: BulkOutcome): BulkDecisionResult {
  if ('failed' in outcome) {
    const code = outcome.failed.code;
    // Only these refusals are caught (decideMany): anything else rolled the transaction back.
    const known = REFUSALS[code as keyof typeof REFUSALS];
    const current = outcome.current;
    return {
      id: outcome.id,
      outcome: known,
      comment: current ? toComment(current) : null,
      queues: current ? queuesOf(current) : [],
      decidedBy:
        typeof outcome.failed.details?.decidedBy === 'string' ? outcome.failed.details.decidedBy : null,
      message: outcome.failed.message,
    };
  }
  return {
    id: outcome.id,
    outcome: outcome.recorded ? 'decided' : 'unchanged',
    comment: toComment(outcome.record),
    queues: queuesOf(outcome.record),
    decidedBy: null,
    message: null,
  };
}

/** Moderators' decisions on comments (the log reads in `ModerationLogService`). */
@Injectable()
export class ModerationDecisionsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly moderation: ModerationRepository,
    private readonly comments: CommentReadingRepository,
    private readonly users: UsersRepository,
    private readonly changes: CommentChangeRecorder,
    private readonly publisher: CommentChangePublisher,
  ) {}

  /**
   * Approve, reject, feature or unfeature, atomically: the comment's row is locked for the
   * decision, so of two moderators racing one wins and the other is told who decided. Repeating
   * one's own decision is a no-op that answers the same. The author's row is locked before the
   * comment's, the order posting takes them in: a decision changes the author's counters (a
   * trigger), and in the other order it and the author's reply to this comment would each wait for
   * the other's lock (a deadlock Postgres ends with a 500).
   */
  async decide(
    decision: Decision,
    commentId: string,
    moderator: User,
    options: { reason?: RejectReason; override?: boolean } = {},
  ): Promise<DecisionResponse> {
    const outcome = await this.transactions.run(this.repositories(), async (bound) => {
      const authorId = await bound.moderation.authorOf(commentId);
      if (!authorId) throw new AppError('comment/not_found');
      await bound.users.lockById(authorId);
      return decideLocked(bound, decision, commentId, moderator, options);
    });
    if (outcome.recorded) await this.publisher.publish(outcome.recorded);
    return { comment: toComment(outcome.record), queues: queuesOf(outcome.record) };
  }

  /**
   * One decision for many comments, in one transaction, each by the single decision's rules
   * (`override` never: another moderator's decision made meanwhile is reported back, not
   * overwritten). Every author's row is locked first, then each comment's, both in id order, so two
   * bulk decisions never wait for each other in a circle and a single decision (author, then
   * comment) never waits on a bulk one that waits on it. One log row and one live update per comment.
   */
  async decideMany(request: BulkDecisionRequest, moderator: User): Promise<BulkDecisionResponse> {
    const decision: Decision = request.action;
    const reason = request.action === 'reject' ? request.reason : undefined;
    const outcomes = await this.transactions.run(this.repositories(), async (bound) => {
      const authors = await bound.moderation.authorsOf(request.ids);
      for (const authorId of [...new Set(authors.values())].sort()) await bound.users.lockById(authorId);
      const results = new Map<string, BulkOutcome>();
      for (const id of [...request.ids].sort()) {
        if (!authors.has(id)) {
          results.set(id, { id, failed: new AppError('comment/not_found') });
          continue;
        }
        try {
          results.set(id, { id, ...(await decideLocked(bound, decision, id, moderator, { reason })) });
        } catch (error) {
          // Refusals are decided in code before any write, so the transaction goes on for the rest.
          if (!(error instanceof AppError && error.code in REFUSALS)) throw error;
          results.set(id, { id, failed: error, current: await bound.comments.findById(id) });
        }
      }
      return request.ids.map((id) => results.get(id)!);
    });
    const recorded = outcomes.flatMap((outcome) =>
      'recorded' in outcome && outcome.recorded ? [outcome.recorded] : [],
    );
    if (recorded.length > 0) await this.publisher.publish(recorded);
    return { results: outcomes.map(toBulkResult) };
  }

  /**
   * Decisions taken as one step of another record (a DSA notice's decision, an appeal's reversal):
   * `work` runs in one transaction with its own `repositories` bound to it, and calls `apply` for
   * each comment decision, which takes the same locks (author, then comment) and follows the same
   * rules as `decide` (`override` as given), recording the change. After commit the changes are
   * published like any decision's, so the log, webhooks and live updates stay one path.
   */
  async decideWithin<R extends { [K in keyof R]: ExecutorBound<R[K]> }, T>(
    repositories: R,
    work: (bound: R, apply: ApplyDecision) => Promise<T>,
  ): Promise<T> {
    let recorded: RecordedChange[] = [];
    // One map of repositories for the runner to bind; the caller's names must not clash with ours.
    const all = { ...this.repositories(), ...repositories } as unknown as Record<string, Loose>;
    const result = await this.transactions.run(all, async (loose): Promise<T> => {
      const bound = loose as unknown as Bound & R;
      recorded = [];
      const apply: ApplyDecision = async (decision, commentId, moderator, options = {}) => {
        const authorId = await bound.moderation.authorOf(commentId);
        if (!authorId) throw new AppError('comment/not_found');
        await bound.users.lockById(authorId);
        const outcome = await decideLocked(bound, decision, commentId, moderator, options);
        if (outcome.recorded) recorded.push(outcome.recorded);
        return outcome.record;
      };
      return work(bound, apply);
    });
    if (recorded.length > 0) await this.publisher.publish(recorded);
    return result;
  }

  private repositories() {
    return { moderation: this.moderation, users: this.users, comments: this.comments, changes: this.changes };
  }
}

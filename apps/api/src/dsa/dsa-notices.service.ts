import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import {
  isVisible,
  type DsaDecisionRequest,
  type DsaNotice,
  type DsaNoticeListQuery,
  type DsaNoticePage,
  type DsaNoticeReceipt,
  type DsaNoticeRequest,
  type DsaStatementPage,
} from '@parley/shared';
import type { Locale } from '@parley/shared/i18n';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { CommentReadingRepository } from '../comments/comment-reading.repository.js';
import { AppError } from '../common/app-error.js';
import { addressKey } from '../common/client-address.js';
import { decodeCursor, NEWEST_FIRST_CURSOR, toPage } from '../common/cursor.js';
import { charge, RateLimiterFactory } from '../common/rate-limiter.js';
import { CONFIG, type Config } from '../config/config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { ModerationDecisionsService } from '../moderation/moderation-decisions.service.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { DsaMailQueue } from './dsa-mail-queue.js';
import { redressIn } from './dsa-redress.js';
import { toNotice, toStatement } from './dsa.mapper.js';
import { DsaRepository } from './dsa.repository.js';

/** Notices (and appeals) one reader, or one address for visitors, may send in an hour: as many as reports. */
export const DSA_FILINGS_PER_HOUR = 10;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Who is filing: a signed-in reader, or a visitor known by their address. */
export interface Filer {
  user: User | null;
  ip: string;
  /** The language the request asked for (Accept-Language, else the site's). */
  locale: Locale;
}

/**
 * Notices of illegal content (DSA Art. 16) and their decisions (Art. 17). A decision that removes or
 * restricts the comment is a moderator's ordinary rejection, taken in the same transaction as the
 * notice's decision, so the log, webhooks, the author's notification and live updates follow the
 * one decision path; the notice adds its own log entry and the mails the Act asks for.
 */
@Injectable()
export class DsaNoticesService {
  private readonly byUser: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly dsa: DsaRepository,
    private readonly comments: CommentReadingRepository,
    private readonly mails: DsaMailQueue,
    private readonly log: ModerationLogRepository,
    private readonly decisions: ModerationDecisionsService,
    private readonly realtime: RealtimeService,
    @Inject(CONFIG) private readonly config: Config,
    limiters: RateLimiterFactory,
  ) {
    this.byUser = limiters.create('dsa-user', DSA_FILINGS_PER_HOUR, 3600);
    this.byAddress = limiters.create('dsa-address', DSA_FILINGS_PER_HOUR, 3600);
  }

  /** Counted before anything is looked up, so parallel requests cannot slip past the limit. */
  async chargeFiler(filer: Filer): Promise<void> {
    const allowance = filer.user
      ? await charge(this.byUser, filer.user.id)
      : await charge(this.byAddress, addressKey(filer.ip));
    if (!allowance.allowed) {
      throw new AppError('dsa/rate_limited', { retryAfterSeconds: allowance.retryAfterSeconds });
    }
  }

  async file(input: DsaNoticeRequest, filer: Filer): Promise<DsaNoticeReceipt> {
    await this.chargeFiler(filer);
    const comment = await this.comments.findById(input.commentId);
    // Only what readers can see can be noticed; hidden comments are not "hosted" for the public.
    if (!comment || !isVisible(comment)) throw new AppError('comment/not_found');
    const appealToken = randomBytes(24).toString('base64url');
    const signedInAddress = filer.user?.emailVerifiedAt && !filer.user.deletedAt ? filer.user.email : null;
    const { row, mailed } = await this.transactions.run(
      { dsa: this.dsa, mails: this.mails, log: this.log },
      async ({ dsa, mails, log }) => {
        const row = await dsa.insertNotice({
          commentId: comment.id,
          authorId: comment.authorId,
          category: input.category,
          explanation: input.explanation,
          notifierUserId: filer.user?.id ?? null,
          notifierName: input.name ?? null,
          notifierEmail: input.email ?? null,
          notifierTokenHash: hashToken(appealToken),
          locale: filer.locale,
        });
        await log.record({
          actorId: filer.user?.id ?? null,
          action: 'dsa_notice',
          commentId: comment.id,
          storyId: comment.storyId,
          reason: input.category,
          details: { noticeId: row.id },
        });
        const hasAddress = input.email !== undefined || signedInAddress !== null;
        const mailed =
          hasAddress && (await mails.enqueue({ message: 'notice_received', noticeId: row.id, appealToken }));
        return { row, mailed };
      },
    );
    this.realtime.dsaChanged({ noticeId: row.id, appealId: null, status: row.status });
    return {
      id: row.id,
      status: row.status,
      receivedAt: row.receivedAt.toISOString(),
      appealToken,
      acknowledgementMailed: mailed,
    };
  }

  async list(query: DsaNoticeListQuery): Promise<DsaNoticePage> {
    const after = decodeCursor(query.cursor, NEWEST_FIRST_CURSOR);
    const rows = await this.dsa.pageNotices(query.status, query.limit, after);
    const page = toPage(rows, query.limit, (row) => [row.receivedAt.toISOString(), row.id]);
    const appeals = await this.dsa.appealsOf(page.items.map((row) => row.id));
    return {
      items: page.items.map((row) => toNotice(row, appeals, this.config.publicUrl)),
      nextCursor: page.nextCursor,
    };
  }

  async view(id: string): Promise<DsaNotice> {
    const row = await this.dsa.noticeView(id);
    if (!row) throw new AppError('dsa/notice_not_found');
    return toNotice(row, await this.dsa.appealsOf([id]), this.config.publicUrl);
  }

  async review(id: string, moderator: User): Promise<DsaNotice> {
    await this.transactions.run({ dsa: this.dsa }, async ({ dsa }) => {
      const notice = await dsa.lockNotice(id);
      if (!notice) throw new AppError('dsa/notice_not_found');
      if (notice.status === 'decided') throw new AppError('dsa/already_decided');
      await dsa.startReview(id, moderator.id);
    });
    const view = await this.view(id);
    this.realtime.dsaChanged({ noticeId: id, appealId: null, status: view.status });
    return view;
  }

  async decide(id: string, request: DsaDecisionRequest, moderator: User): Promise<DsaNotice> {
    await this.decisions.decideWithin(
      { dsa: this.dsa, mails: this.mails, log: this.log },
      async ({ dsa, mails, log }, apply) => {
        const notice = await dsa.lockNotice(id);
        if (!notice) throw new AppError('dsa/notice_not_found');
        if (notice.status === 'decided') {
          throw new AppError('dsa/already_decided', { decidedAt: notice.decidedAt?.toISOString() });
        }
        const acts = request.action !== 'no_action';
        // A comment its author deleted meanwhile (or whose row is gone) is already out of sight.
        const present =
          notice.commentId !== null && notice.commentStatus !== null && notice.commentStatus !== 'deleted';
        if (acts && present) {
          await apply('reject', notice.commentId!, moderator, { reason: 'other', override: true });
        }
        await dsa.decideNotice(id, moderator.id, request);
        await log.record({
          actorId: moderator.id,
          action: 'dsa_decision',
          commentId: notice.commentId,
          userId: notice.authorId,
          reason: request.ground,
          details: { noticeId: id, action: request.action, automated: request.automated },
        });
        await mails.enqueue({ message: 'notice_decided', noticeId: id });
        if (acts && notice.authorId) await mails.enqueue({ message: 'statement_of_reasons', noticeId: id });
      },
    );
    const view = await this.view(id);
    this.realtime.dsaChanged({ noticeId: id, appealId: null, status: view.status });
    return view;
  }

  /** The author's statements of reasons; a redress left as the form gave it reads in `locale`. */
  async statements(
    user: User,
    query: { cursor?: string; limit: number },
    locale: Locale,
  ): Promise<DsaStatementPage> {
    const after = decodeCursor(query.cursor, NEWEST_FIRST_CURSOR);
    const rows = await this.dsa.statementsOf(user.id, query.limit, after);
    const page = toPage(rows, query.limit, (row) => [row.decidedAt!.toISOString(), row.id]);
    const appeals = await this.dsa.appealsOf(page.items.map((row) => row.id));
    return {
      items: page.items.map((row) => {
        const statement = toStatement(row, appeals, this.config.publicUrl);
        const redress = redressIn(statement.decision.redress, locale);
        return { ...statement, decision: { ...statement.decision, redress } };
      }),
      nextCursor: page.nextCursor,
    };
  }
}

import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DsaAppellant, DsaNotice as NoticeRecord, User } from '@parley/db';
import type {
  DsaAppeal,
  DsaAppealDecisionRequest,
  DsaAppealListQuery,
  DsaAppealPage,
  DsaAppealRequest,
} from '@parley/shared';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, NEWEST_FIRST_CURSOR, toPage } from '../common/cursor.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { ModerationDecisionsService } from '../moderation/moderation-decisions.service.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { DsaMailQueue } from './dsa-mail-queue.js';
import { DsaNoticesService, hashToken, type Filer } from './dsa-notices.service.js';
import { appealUntil, toAppeal } from './dsa.mapper.js';
import { DsaRepository } from './dsa.repository.js';

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Which party to the notice is appealing, if any: its comment's author, or its notifier. */
function partyOf(notice: NoticeRecord, filer: Filer, token: string | undefined): DsaAppellant | null {
  if (filer.user && notice.authorId === filer.user.id) return 'author';
  if (filer.user && notice.notifierUserId === filer.user.id) return 'notifier';
  if (token && sameHash(hashToken(token), notice.notifierTokenHash)) return 'notifier';
  return null;
}

/**
 * Internal complaint handling (DSA Art. 20): the author or the notifier appeals a notice's decision
 * within six months; a moderator other than the one who decided the notice decides the appeal, and
 * a reversal goes through the ordinary decision path like the decision it undoes.
 */
@Injectable()
export class DsaAppealsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly dsa: DsaRepository,
    private readonly notices: DsaNoticesService,
    private readonly mails: DsaMailQueue,
    private readonly log: ModerationLogRepository,
    private readonly decisions: ModerationDecisionsService,
    private readonly realtime: RealtimeService,
    private readonly clock: Clock,
  ) {}

  async file(noticeId: string, request: DsaAppealRequest, filer: Filer): Promise<DsaAppeal> {
    await this.notices.chargeFiler(filer);
    const appealId = await this.transactions.run(
      { dsa: this.dsa, mails: this.mails },
      async ({ dsa, mails }) => {
        const notice = await dsa.lockNotice(noticeId);
        if (!notice) throw new AppError('dsa/notice_not_found');
        const appellant = partyOf(notice, filer, request.appealToken);
        if (!appellant) throw new AppError('dsa/not_a_party');
        if (notice.status !== 'decided' || !notice.decidedAt) throw new AppError('dsa/not_decided');
        const until = appealUntil(notice.decidedAt);
        if (this.clock.now() > until) {
          throw new AppError('dsa/appeal_window_closed', { appealUntil: until.toISOString() });
        }
        if (appellant === 'author' && notice.action === 'no_action')
          throw new AppError('dsa/nothing_to_appeal');
        const inserted = await dsa.insertAppeal({
          noticeId,
          appellant,
          appellantUserId: filer.user?.id ?? null,
          reason: request.reason,
        });
        if (!inserted) throw new AppError('dsa/appeal_exists');
        await mails.enqueue({ message: 'appeal_received', noticeId, appealId: inserted.id });
        return inserted.id;
      },
    );
    const appeal = toAppeal((await this.dsa.appealView(appealId))!);
    this.realtime.dsaChanged({ noticeId, appealId, status: appeal.status });
    return appeal;
  }

  async list(query: DsaAppealListQuery): Promise<DsaAppealPage> {
    const after = decodeCursor(query.cursor, NEWEST_FIRST_CURSOR);
    const rows = await this.dsa.pageAppeals(query.status, query.limit, after);
    const page = toPage(rows, query.limit, (row) => [row.receivedAt.toISOString(), row.id]);
    return { items: page.items.map(toAppeal), nextCursor: page.nextCursor };
  }

  async decide(id: string, request: DsaAppealDecisionRequest, moderator: User): Promise<DsaAppeal> {
    const noticeId = await this.decisions.decideWithin(
      { dsa: this.dsa, mails: this.mails, log: this.log },
      async ({ dsa, mails, log }, apply) => {
        const appeal = await dsa.lockAppeal(id);
        if (!appeal) throw new AppError('dsa/appeal_not_found');
        const notice = (await dsa.lockNotice(appeal.noticeId))!;
        if (appeal.status === 'decided') throw new AppError('dsa/appeal_already_decided');
        if (notice.decidedBy === moderator.id) throw new AppError('dsa/same_moderator');
        const present =
          notice.commentId !== null && notice.commentStatus !== null && notice.commentStatus !== 'deleted';
        if (request.outcome === 'reversed' && present) {
          // Undo what the notice's decision did: show a hidden comment, or hide one it left up.
          const undo = notice.action === 'no_action' ? 'reject' : 'approve';
          await apply(undo, notice.commentId!, moderator, { override: true, reason: 'other' });
        }
        await dsa.decideAppeal(id, moderator.id, request);
        await log.record({
          actorId: moderator.id,
          action: 'dsa_appeal_decision',
          commentId: notice.commentId,
          userId: notice.authorId,
          reason: request.explanation,
          details: {
            noticeId: notice.id,
            appealId: id,
            outcome: request.outcome,
            appellant: appeal.appellant,
          },
        });
        await mails.enqueue({ message: 'appeal_decided', noticeId: notice.id, appealId: id });
        return notice.id;
      },
    );
    const appeal = toAppeal((await this.dsa.appealView(id))!);
    this.realtime.dsaChanged({ noticeId, appealId: id, status: appeal.status });
    return appeal;
  }
}

import { Body, Controller, Param, Query } from '@nestjs/common';
import type { User } from '@parley/db';
import {
  type BulkDecisionRequest,
  type BulkDecisionResponse,
  type CommentRevisions,
  type DecisionResponse,
  type ModeratedUser,
  type ModerationLogPage,
  type ModerationLogQuery,
  type Queue,
  type QueueCounts,
  type QueuePage,
  type QueueQuery,
  type RejectReason,
  type RoleRequest,
  type WordLists,
} from '@parley/shared';
import { CurrentUser } from '../auth/access.js';
import { Route } from '../common/route.js';
import { CommentHistoryService } from './comment-history.service.js';
import { ModerationQueuesService } from './moderation-queues.service.js';
import { WordListsService } from '../settings/word-lists.service.js';
import { ModerationDecisionsService } from './moderation-decisions.service.js';
import { ModerationLogService } from './moderation-log.service.js';
import { UserSanctionsService } from './user-sanctions.service.js';

/** Everything under /api/moderation is for moderators and admins only. */
@Controller()
export class ModerationController {
  constructor(
    private readonly decisions: ModerationDecisionsService,
    private readonly sanctions: UserSanctionsService,
    private readonly wordListsService: WordListsService,
    private readonly queues: ModerationQueuesService,
    private readonly history: CommentHistoryService,
    private readonly log: ModerationLogService,
  ) {}

  @Route('listQueue', { params: 'queue address' })
  queue(
    @Param() params: { queue: Queue },
    @Query() query: QueueQuery,
    @CurrentUser() viewer: User,
  ): Promise<QueuePage> {
    return this.queues.list(params.queue, query, viewer);
  }

  @Route('getQueueCounts')
  async counts(@Query() query: { story?: string }): Promise<QueueCounts> {
    return this.queues.countsForSlug(query.story);
  }

  @Route('listCommentRevisions', { params: 'comment address' })
  revisions(@Param() params: { id: string }): Promise<CommentRevisions> {
    return this.history.revisionsOf(params.id);
  }

  @Route('decideComments', { body: 'bulk decision' })
  decideMany(
    @Body() body: BulkDecisionRequest,
    @CurrentUser() moderator: User,
  ): Promise<BulkDecisionResponse> {
    return this.decisions.decideMany(body, moderator);
  }

  @Route('approveComment', { params: 'comment address', body: 'decision' })
  approve(
    @Param() params: { id: string },
    @Body() body: { override: boolean },
    @CurrentUser() moderator: User,
  ): Promise<DecisionResponse> {
    return this.decisions.decide('approve', params.id, moderator, { override: body.override });
  }

  @Route('rejectComment', { params: 'comment address', body: 'decision' })
  reject(
    @Param() params: { id: string },
    @Body() body: { reason: RejectReason; override: boolean },
    @CurrentUser() moderator: User,
  ): Promise<DecisionResponse> {
    return this.decisions.decide('reject', params.id, moderator, body);
  }

  @Route('featureComment', { params: 'comment address' })
  feature(@Param() params: { id: string }, @CurrentUser() moderator: User): Promise<DecisionResponse> {
    return this.decisions.decide('feature', params.id, moderator);
  }

  @Route('unfeatureComment', { params: 'comment address' })
  unfeature(@Param() params: { id: string }, @CurrentUser() moderator: User): Promise<DecisionResponse> {
    return this.decisions.decide('unfeature', params.id, moderator);
  }

  @Route('suspendUser', { params: 'user address', body: 'suspension' })
  suspend(
    @Param() params: { id: string },
    @Body() body: { hours: number },
    @CurrentUser() moderator: User,
  ): Promise<ModeratedUser> {
    return this.sanctions.suspend(params.id, body.hours, moderator);
  }

  @Route('banUser', { params: 'user address', body: 'ban' })
  ban(
    @Param() params: { id: string },
    @Body() body: { reason: string; rejectExisting: boolean },
    @CurrentUser() moderator: User,
  ): Promise<ModeratedUser> {
    return this.sanctions.ban(params.id, body.reason, body.rejectExisting, moderator);
  }

  @Route('unbanUser', { params: 'user address' })
  unban(@Param() params: { id: string }, @CurrentUser() moderator: User): Promise<ModeratedUser> {
    return this.sanctions.unban(params.id, moderator);
  }

  @Route('setUserPremod', { params: 'user address', body: 'pre-moderation' })
  premod(
    @Param() params: { id: string },
    @Body() body: { on: boolean },
    @CurrentUser() moderator: User,
  ): Promise<ModeratedUser> {
    return this.sanctions.setPremod(params.id, body.on, moderator);
  }

  @Route('setUserRole', { params: 'user address', body: 'role' })
  setRole(
    @Param() params: { id: string },
    @Body() body: RoleRequest,
    @CurrentUser() admin: User,
  ): Promise<ModeratedUser> {
    return this.sanctions.setRole(params.id, body.role, admin);
  }

  @Route('getWordLists')
  wordLists(): Promise<WordLists> {
    return this.wordListsService.get();
  }

  @Route('setWordLists', { body: 'word lists' })
  setWordLists(@Body() body: WordLists, @CurrentUser() moderator: User): Promise<WordLists> {
    return this.wordListsService.set(body, moderator);
  }

  @Route('listModerationLog')
  logPage(@Query() query: ModerationLogQuery): Promise<ModerationLogPage> {
    return this.log.page(query);
  }
}

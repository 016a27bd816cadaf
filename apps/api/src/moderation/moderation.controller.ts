import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import type { User } from '@parley/db';
import {
  approveRequestSchema,
  articleParamsSchema,
  articleSettingsRequestSchema,
  banRequestSchema,
  idParamsSchema,
  moderationLogQuerySchema,
  premodRequestSchema,
  queueCountsQuerySchema,
  queueParamsSchema,
  queueQuerySchema,
  rejectRequestSchema,
  roleRequestSchema,
  suspendRequestSchema,
  wordListsSchema,
  type Article,
  type ArticleSettingsRequest,
  type DecisionResponse,
  type ModeratedUser,
  type ModerationLogPage,
  type Queue,
  type QueueCounts,
  type QueuePage,
  type QueueQuery,
  type RejectReason,
  type RoleRequest,
  type WordLists,
} from '@parley/shared';
import { AdminOnly, CurrentUser, StaffOnly } from '../auth/access.js';
import { ZodPipe } from '../common/zod.js';
import { ModerationQueuesService } from './moderation-queues.service.js';
import { WordListsService } from '../settings/word-lists.service.js';
import { ModerationDecisionsService } from './moderation-decisions.service.js';
import { UserSanctionsService } from './user-sanctions.service.js';

const commentParams = new ZodPipe(idParamsSchema, 'comment address');
const userParams = new ZodPipe(idParamsSchema, 'user address');

/** Everything under /api/moderation is for moderators and admins only. */
@Controller('api/moderation')
@StaffOnly()
export class ModerationController {
  constructor(
    private readonly decisions: ModerationDecisionsService,
    private readonly sanctions: UserSanctionsService,
    private readonly wordListsService: WordListsService,
    private readonly queues: ModerationQueuesService,
  ) {}

  @Get('queues/:queue')
  queue(
    @Param(new ZodPipe(queueParamsSchema, 'queue address')) params: { queue: Queue },
    @Query(new ZodPipe(queueQuerySchema, 'query')) query: QueueQuery,
  ): Promise<QueuePage> {
    return this.queues.list(params.queue, query);
  }

  @Get('counts')
  async counts(
    @Query(new ZodPipe(queueCountsQuerySchema, 'query')) query: { article?: string },
  ): Promise<QueueCounts> {
    return this.queues.countsForSlug(query.article);
  }

  @Post('comments/:id/approve')
  @HttpCode(200)
  approve(
    @Param(commentParams) params: { id: string },
    @Body(new ZodPipe(approveRequestSchema, 'decision')) body: { override: boolean },
    @CurrentUser() moderator: User,
  ): Promise<DecisionResponse> {
    return this.decisions.decide('approve', params.id, moderator, { override: body.override });
  }

  @Post('comments/:id/reject')
  @HttpCode(200)
  reject(
    @Param(commentParams) params: { id: string },
    @Body(new ZodPipe(rejectRequestSchema, 'decision')) body: { reason: RejectReason; override: boolean },
    @CurrentUser() moderator: User,
  ): Promise<DecisionResponse> {
    return this.decisions.decide('reject', params.id, moderator, body);
  }

  @Post('comments/:id/feature')
  @HttpCode(200)
  feature(
    @Param(commentParams) params: { id: string },
    @CurrentUser() moderator: User,
  ): Promise<DecisionResponse> {
    return this.decisions.decide('feature', params.id, moderator);
  }

  @Post('comments/:id/unfeature')
  @HttpCode(200)
  unfeature(
    @Param(commentParams) params: { id: string },
    @CurrentUser() moderator: User,
  ): Promise<DecisionResponse> {
    return this.decisions.decide('unfeature', params.id, moderator);
  }

  @Post('users/:id/suspend')
  @HttpCode(200)
  suspend(
    @Param(userParams) params: { id: string },
    @Body(new ZodPipe(suspendRequestSchema, 'suspension')) body: { hours: number },
    @CurrentUser() moderator: User,
  ): Promise<ModeratedUser> {
    return this.sanctions.suspend(params.id, body.hours, moderator);
  }

  @Post('users/:id/ban')
  @HttpCode(200)
  ban(
    @Param(userParams) params: { id: string },
    @Body(new ZodPipe(banRequestSchema, 'ban')) body: { reason: string; rejectExisting: boolean },
    @CurrentUser() moderator: User,
  ): Promise<ModeratedUser> {
    return this.sanctions.ban(params.id, body.reason, body.rejectExisting, moderator);
  }

  @Post('users/:id/unban')
  @HttpCode(200)
  unban(@Param(userParams) params: { id: string }, @CurrentUser() moderator: User): Promise<ModeratedUser> {
    return this.sanctions.unban(params.id, moderator);
  }

  @Post('users/:id/premod')
  @HttpCode(200)
  premod(
    @Param(userParams) params: { id: string },
    @Body(new ZodPipe(premodRequestSchema, 'pre-moderation')) body: { on: boolean },
    @CurrentUser() moderator: User,
  ): Promise<ModeratedUser> {
    return this.sanctions.setPremod(params.id, body.on, moderator);
  }

  @Post('users/:id/role')
  @AdminOnly()
  @HttpCode(200)
  setRole(
    @Param(userParams) params: { id: string },
    @Body(new ZodPipe(roleRequestSchema, 'role')) body: RoleRequest,
    @CurrentUser() admin: User,
  ): Promise<ModeratedUser> {
    return this.sanctions.setRole(params.id, body.role, admin);
  }

  @Patch('articles/:slug')
  updateArticle(
    @Param(new ZodPipe(articleParamsSchema, 'article address')) params: { slug: string },
    @Body(new ZodPipe(articleSettingsRequestSchema, 'article settings')) body: ArticleSettingsRequest,
    @CurrentUser() moderator: User,
  ): Promise<Article> {
    return this.decisions.updateArticle(params.slug, body, moderator);
  }

  @Get('word-lists')
  wordLists(): Promise<WordLists> {
    return this.wordListsService.get();
  }

  @Put('word-lists')
  setWordLists(
    @Body(new ZodPipe(wordListsSchema, 'word lists')) body: WordLists,
    @CurrentUser() moderator: User,
  ): Promise<WordLists> {
    return this.wordListsService.set(body, moderator);
  }

  @Get('log')
  logPage(
    @Query(new ZodPipe(moderationLogQuerySchema, 'query')) query: { cursor?: string; limit: number },
  ): Promise<ModerationLogPage> {
    return this.decisions.logPage(query.limit, query.cursor);
  }
}

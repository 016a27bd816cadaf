import { Body, Controller, Param, Query, Req, Res } from '@nestjs/common';
import type { User } from '@parley/db';
import {
  type Comment,
  type CommentChanges,
  type CommentWithContext,
  type CreateCommentRequest,
  type CreateCommentResponse,
  type EditCommentRequest,
  type ListCommentsQuery,
  type ListRepliesQuery,
  type ReactionsUpdated,
  type ReportRequest,
  type ThreadPage,
} from '@parley/shared';
import type { Request, Response } from 'express';
import { CurrentUser, SocketId } from '../auth/access.js';
import { bodyTag, etagMatches } from '../common/etag.js';
import { Route } from '../common/route.js';
import { CommentFeedbackService } from './comment-feedback.service.js';
import { CommentPostingService } from './comment-posting.service.js';
import { CommentReadingService } from './comment-reading.service.js';

@Controller()
export class CommentsController {
  constructor(
    private readonly reading: CommentReadingService,
    private readonly posting: CommentPostingService,
    private readonly feedback: CommentFeedbackService,
  ) {}

  /**
   * Thread pages carry an ETag and must be revalidated (`no-cache`): the story's version
   * (CommentReadingService.thread: 304 without a query), and for a signed-in reader, who sees
   * their own likes, whose page it is (`private`). While the version cannot be read (Redis down)
   * the tag is a hash of the body.
   */
  @Route('listComments', { params: 'story address' })
  async list(
    @Param() params: { slug: string },
    @Query() query: ListCommentsQuery,
    @CurrentUser() viewer: User | null,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string | undefined> {
    const ifNoneMatch = request.headers['if-none-match'];
    // Who is asking decides the page: a session cookie, or a bearer token from an embed on another
    // site. Appended, not set: CORS's `Vary: Origin` must stay.
    response.vary('Cookie');
    response.vary('Authorization');
    response.setHeader('Cache-Control', viewer ? 'private, no-cache' : 'no-cache');
    const page = await this.reading.thread(params.slug, query, viewer, ifNoneMatch);
    const etag = page.etag ?? (page.body === null ? null : bodyTag(page.body));
    if (etag) response.setHeader('ETag', etag);
    if (page.body === null || (ifNoneMatch && etagMatches(ifNoneMatch, etag!))) {
      response.status(304);
      return undefined;
    }
    // Already JSON: sent as it is, not serialised again.
    response.type('json');
    return page.body;
  }

  @Route('listCommentChanges', { params: 'story address' })
  changes(@Param() params: { slug: string }, @Query() query: { since: string }): Promise<CommentChanges> {
    return this.reading.changes(params.slug, query.since);
  }

  @Route('createComment', { params: 'story address', body: 'comment' })
  async create(
    @Param() params: { slug: string },
    @Body() input: CreateCommentRequest,
    @CurrentUser() user: User,
    @SocketId() socketId: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CreateCommentResponse> {
    const { comment, replayed } = await this.posting.create(params.slug, input, user, socketId);
    // A retry of a post that already succeeded: the same comment, and 200 rather than 201.
    response.status(replayed ? 200 : 201);
    return { comment };
  }

  @Route('getComment', { params: 'comment address' })
  get(@Param() params: { id: string }, @CurrentUser() viewer: User | null): Promise<CommentWithContext> {
    return this.reading.getWithContext(params.id, viewer);
  }

  @Route('listReplies', { params: 'comment address' })
  replies(
    @Param() params: { id: string },
    @Query() query: ListRepliesQuery,
    @CurrentUser() viewer: User | null,
  ): Promise<ThreadPage> {
    return this.reading.listReplies(params.id, query, viewer);
  }

  @Route('editComment', { params: 'comment address', body: 'comment' })
  edit(
    @Param() params: { id: string },
    @Body() input: EditCommentRequest,
    @CurrentUser() user: User,
  ): Promise<Comment> {
    return this.posting.edit(params.id, input.body, user);
  }

  @Route('deleteComment', { params: 'comment address' })
  async remove(@Param() params: { id: string }, @CurrentUser() user: User): Promise<void> {
    await this.posting.remove(params.id, user);
  }

  @Route('addReaction', { params: 'reaction address' })
  react(@Param() params: { id: string }, @CurrentUser() user: User): Promise<ReactionsUpdated> {
    return this.feedback.react(params.id, user, true);
  }

  @Route('removeReaction', { params: 'reaction address' })
  unreact(@Param() params: { id: string }, @CurrentUser() user: User): Promise<ReactionsUpdated> {
    return this.feedback.react(params.id, user, false);
  }

  @Route('reportComment', { params: 'comment address', body: 'report' })
  async report(
    @Param() params: { id: string },
    @Body() input: ReportRequest,
    @CurrentUser() user: User,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ reported: true }> {
    const { created } = await this.feedback.report(params.id, user, input);
    response.status(created ? 201 : 200);
    return { reported: true };
  }
}

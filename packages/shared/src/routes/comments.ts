/** The route catalogue: Reading. */
import { storySlugParamsSchema } from '../schemas/stories.js';
import {
  commentChangesQuerySchema,
  commentChangesSchema,
  commentSchema,
  commentWithContextSchema,
  createCommentRequestSchema,
  createCommentResponseSchema,
  editCommentRequestSchema,
  idParamsSchema,
  listCommentsQuerySchema,
  listRepliesQuerySchema,
  reactionParamsSchema,
  reactionsUpdatedSchema,
  reportRequestSchema,
  reportResponseSchema,
  threadPageSchema,
} from '../schemas/comments.js';
import { defineRoutes } from './define.js';

export const commentRoutes = defineRoutes({
  listComments: {
    tag: 'Comments',
    summary: "A page of a story's thread",
    description:
      'Top-level comments with their first replies nested; `nextCursor` continues the page, ' +
      "each comment's `repliesCursor` its replies.",
    access: 'public',
    params: storySlugParamsSchema,
    query: listCommentsQuerySchema,
    responses: { 200: { description: 'One page of the thread.', body: threadPageSchema } },
    errors: ['story/not_found'],
  },
  listCommentChanges: {
    tag: 'Comments',
    summary: 'What changed in a thread since a moment',
    description: 'For a client coming back from a lost connection: pass the last `serverTime` as `since`.',
    access: 'public',
    params: storySlugParamsSchema,
    query: commentChangesQuerySchema,
    responses: { 200: { description: 'The changes.', body: commentChangesSchema } },
    errors: ['story/not_found'],
  },
  createComment: {
    tag: 'Comments',
    summary: 'Post a comment or a reply',
    description:
      '`comment.status` says where it went: `published`/`approved` are visible, `pending` is held ' +
      'for review, `rejected` was refused. A retry with the same `clientId` returns the same comment (200). ' +
      'Send the `X-Socket-Id` header (your socket.io id) so that your own socket is not sent the comment again.',
    access: 'user',
    params: storySlugParamsSchema,
    body: createCommentRequestSchema,
    responses: {
      201: { description: 'Posted.', body: createCommentResponseSchema },
      200: {
        description: 'A retry of a post already stored: the same comment.',
        body: createCommentResponseSchema,
      },
    },
    errors: [
      'story/not_found',
      'comment/closed',
      'comment/invalid_parent',
      'comment/rate_limited',
      'comment/repeated',
      'comment/may_break_guidelines',
      'comment/suspended',
      'auth/banned',
    ],
  },
  getComment: {
    tag: 'Comments',
    summary: 'A comment with its ancestors (permalink)',
    access: 'public',
    params: idParamsSchema,
    responses: {
      200: { description: 'The comment, its ancestors root first.', body: commentWithContextSchema },
    },
    errors: ['comment/not_found'],
  },
  listReplies: {
    tag: 'Comments',
    summary: "A page of a comment's replies",
    access: 'public',
    params: idParamsSchema,
    query: listRepliesQuerySchema,
    responses: { 200: { description: 'One page of replies.', body: threadPageSchema } },
    errors: ['comment/not_found'],
  },
  editComment: {
    tag: 'Comments',
    summary: 'Edit one of your comments',
    access: 'user',
    params: idParamsSchema,
    body: editCommentRequestSchema,
    responses: { 200: { description: 'The edited comment.', body: commentSchema } },
    errors: [
      'comment/not_found',
      'comment/not_author',
      'comment/edit_window_closed',
      'comment/not_editable',
      'comment/suspended',
      'auth/banned',
    ],
  },
  deleteComment: {
    tag: 'Comments',
    summary: 'Delete one of your comments',
    description: 'A comment with replies stays in the thread as a `deleted` placeholder.',
    access: 'user',
    params: idParamsSchema,
    responses: { 204: { description: 'Deleted.' } },
    errors: ['comment/not_found', 'comment/not_author', 'comment/not_editable', 'auth/banned'],
  },
  addReaction: {
    tag: 'Comments',
    summary: 'Like a comment',
    access: 'user',
    params: reactionParamsSchema,
    responses: { 200: { description: "The comment's new counts.", body: reactionsUpdatedSchema } },
    errors: ['comment/not_found', 'reaction/rate_limited'],
  },
  removeReaction: {
    tag: 'Comments',
    summary: 'Take a like back',
    access: 'user',
    params: reactionParamsSchema,
    responses: { 200: { description: "The comment's new counts.", body: reactionsUpdatedSchema } },
    errors: ['comment/not_found', 'reaction/rate_limited'],
  },
  reportComment: {
    tag: 'Comments',
    summary: 'Report a comment to the moderators',
    access: 'user',
    params: idParamsSchema,
    body: reportRequestSchema,
    responses: {
      201: { description: 'Reported.', body: reportResponseSchema },
      200: { description: 'Already reported by you: nothing changed.', body: reportResponseSchema },
    },
    errors: ['comment/not_found', 'comment/own_comment', 'comment/report_rate_limited', 'comment/suspended'],
  },
});

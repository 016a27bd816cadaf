import type { CommentSort, CreateCommentRequest, ReportRequest } from '@parley/shared';
import { call, callTimed } from './client.js';

export const commentsApi = {
  /** Top-level comments with their first replies; `serverTime` is the answer's Date header. */
  list: (slug: string, query: { sort: CommentSort; cursor?: string | null; limit?: number }) =>
    callTimed('listComments', { params: { slug }, query }),
  replies: (id: string, query: { cursor?: string | null; limit?: number } = {}) =>
    call('listReplies', { params: { id }, query }),
  get: (id: string) => call('getComment', { params: { id } }),
  changes: (slug: string, since: string) =>
    call('listCommentChanges', { params: { slug }, query: { since } }),
  /** `socketId` keeps the server from echoing the comment back to this tab's socket. */
  create: (slug: string, body: CreateCommentRequest, socketId?: string) =>
    call(
      'createComment',
      { params: { slug }, body },
      socketId ? { headers: { 'X-Socket-Id': socketId } } : undefined,
    ),
  edit: (id: string, body: string) => call('editComment', { params: { id }, body: { body } }),
  /** Answers 204, no body. */
  remove: (id: string) => call('deleteComment', { params: { id } }),
  like: (id: string) => call('addReaction', { params: { id, kind: 'like' } }),
  unlike: (id: string) => call('removeReaction', { params: { id, kind: 'like' } }),
  report: (id: string, body: ReportRequest) => call('reportComment', { params: { id }, body }),
};

import type {
  Comment,
  CommentChanges,
  CommentSort,
  CommentWithContext,
  CreateCommentRequest,
  CreateCommentResponse,
  DecisionResponse,
  ReactionsUpdated,
  ReportRequest,
  ThreadComment,
  ThreadPage,
  RejectReason,
} from '@parley/shared';
import { http, withQuery } from './http.js';

export type ModerationAction =
  | { kind: 'approve' }
  | { kind: 'reject'; reason: RejectReason }
  | { kind: 'feature' }
  | { kind: 'unfeature' };

const article = (slug: string) => `/api/articles/${encodeURIComponent(slug)}`;
const comment = (id: string) => `/api/comments/${encodeURIComponent(id)}`;

export const commentsApi = {
  /** Top-level comments with their first replies; `serverTime` is the answer's Date header. */
  list: (slug: string, query: { sort: CommentSort; cursor?: string | null; limit?: number }) =>
    http.getTimed<ThreadPage>(withQuery(`${article(slug)}/comments`, query)),
  replies: (id: string, query: { cursor?: string | null; limit?: number } = {}) =>
    http.get<{ items: ThreadComment[]; nextCursor: string | null }>(
      withQuery(`${comment(id)}/replies`, query),
    ),
  get: (id: string) => http.get<CommentWithContext>(comment(id)),
  changes: (slug: string, since: string) =>
    http.get<CommentChanges>(withQuery(`${article(slug)}/comments/changes`, { since })),
  /** `socketId` keeps the server from echoing the comment back to this tab's socket. */
  create: (slug: string, body: CreateCommentRequest, socketId?: string) =>
    http.post<CreateCommentResponse>(
      `${article(slug)}/comments`,
      body,
      socketId ? { headers: { 'X-Socket-Id': socketId } } : undefined,
    ),
  edit: (id: string, body: string) => http.patch<Comment>(comment(id), { body }),
  /** Answers 204, no body. */
  remove: (id: string) => http.delete<void>(comment(id)),
  like: (id: string) => http.put<ReactionsUpdated>(`${comment(id)}/reactions/like`),
  unlike: (id: string) => http.delete<ReactionsUpdated>(`${comment(id)}/reactions/like`),
  report: (id: string, body: ReportRequest) => http.post<{ reported: true }>(`${comment(id)}/reports`, body),
  moderate: (id: string, action: ModerationAction) =>
    http.post<DecisionResponse>(
      `/api/moderation/comments/${encodeURIComponent(id)}/${action.kind}`,
      action.kind === 'reject' ? { reason: action.reason } : {},
    ),
};

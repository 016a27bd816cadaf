import type {
  Article,
  ArticleSettingsRequest,
  AuthorHistory,
  CreateStoryRequest,
  MergeStoryResponse,
  DecisionResponse,
  ModerationFlag,
  ModerationLogPage,
  OutboxEntry,
  OutboxPage,
  PremodMode,
  Queue,
  QueueCounts,
  QueuePage,
  RejectReason,
  ReportReason,
  StoryPage,
  StoryResponse,
  UpdateStoryRequest,
  WebhookCreated,
  WebhookCreateRequest,
  WebhookDeliveryList,
  WebhookList,
  WebhookUpdateRequest,
  WebhookView,
  WordLists,
} from '@parley/shared';
import type { SUSPEND_HOURS } from '@parley/shared/values';
import { http, withQuery } from './http.js';

export type SuspendHours = (typeof SUSPEND_HOURS)[number];

export const QUEUE_LABELS: Record<Queue, string> = {
  pending: 'Pending',
  reported: 'Reported',
  unmoderated: 'Unmoderated',
  approved: 'Approved',
  rejected: 'Rejected',
};

export const FLAG_LABELS: Record<ModerationFlag, string> = {
  banned_word: 'Banned word',
  suspect_word: 'Suspect word',
  link: 'Contains link',
  new_user: 'New user',
  premod_all: 'Pre-moderate all',
  user_premod: 'User always pre-moderated',
  repeat: 'Repeated text',
  reports: 'Reported',
};

export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  offensive: 'Offensive',
  abusive: 'Abusive',
  spam: 'Spam',
  off_topic: 'Off topic',
  other: 'Other',
};

export const REPORT_REASON_LABELS: Record<ReportReason, string> = {
  spam: 'Spam',
  abuse: 'Abuse',
  off_topic: 'Off topic',
  other: 'Other',
};

export const PREMOD_LABELS: Record<PremodMode, string> = {
  off: 'Off: publish at once',
  links: 'Comments with links',
  new_users: 'Comments by new users',
  all: 'All comments',
};

/** What a moderator can do to one comment; `override` reverses another moderator's decision. */
export type Decision =
  | { kind: 'approve'; override?: boolean }
  | { kind: 'reject'; reason: RejectReason; override?: boolean }
  | { kind: 'feature' }
  | { kind: 'unfeature' };

const base = '/api/moderation';
const commentPath = (id: string) => `${base}/comments/${encodeURIComponent(id)}`;
const userPath = (id: string) => `${base}/users/${encodeURIComponent(id)}`;
const webhookPath = (id: string) => `${base}/webhooks/${encodeURIComponent(id)}`;

function decisionBody(decision: Decision): Record<string, unknown> {
  switch (decision.kind) {
    case 'approve':
      return decision.override ? { override: true } : {};
    case 'reject':
      return decision.override ? { reason: decision.reason, override: true } : { reason: decision.reason };
    case 'feature':
    case 'unfeature':
      return {};
  }
}

/** The staff-only API under /api/moderation. */
export const moderationApi = {
  /** One page of a queue, newest first, with the counts of every queue (for that article, when given). */
  queue: (queue: Queue, query: { article?: string | null; cursor?: string | null; limit?: number } = {}) =>
    http.get<QueuePage>(withQuery(`${base}/queues/${queue}`, query)),
  counts: (article?: string | null) => http.get<QueueCounts>(withQuery(`${base}/counts`, { article })),
  decide: (id: string, decision: Decision) =>
    http.post<DecisionResponse>(`${commentPath(id)}/${decision.kind}`, decisionBody(decision)),
  suspend: (userId: string, hours: SuspendHours) =>
    http.post<AuthorHistory>(`${userPath(userId)}/suspend`, { hours }),
  ban: (userId: string, body: { reason: string; rejectExisting: boolean }) =>
    http.post<AuthorHistory>(`${userPath(userId)}/ban`, body),
  unban: (userId: string) => http.post<AuthorHistory>(`${userPath(userId)}/unban`),
  premod: (userId: string, on: boolean) => http.post<AuthorHistory>(`${userPath(userId)}/premod`, { on }),
  /** Admins only. */
  role: (userId: string, role: 'reader' | 'moderator') =>
    http.post<AuthorHistory>(`${userPath(userId)}/role`, { role }),
  updateArticle: (slug: string, changes: ArticleSettingsRequest) =>
    http.patch<Article>(`${base}/articles/${encodeURIComponent(slug)}`, changes),
  /** Stories, newest first; `search` matches title or URL. */
  stories: (query: { search?: string | null; cursor?: string | null; limit?: number } = {}) =>
    http.get<StoryPage>(withQuery(`${base}/stories`, query)),
  /** Admins only. */
  createStory: (story: CreateStoryRequest) => http.post<StoryResponse>(`${base}/stories`, story),
  /** Staff: commentsOpen and premod; admins also title, url and externalId. */
  updateStory: (id: string, changes: UpdateStoryRequest) =>
    http.patch<StoryResponse>(`${base}/stories/${encodeURIComponent(id)}`, changes),
  /** Admins only: moves every comment of `id` into `into` and deletes `id`. */
  mergeStory: (id: string, into: string) =>
    http.post<MergeStoryResponse>(`${base}/stories/${encodeURIComponent(id)}/merge`, { into }),
  wordLists: () => http.get<WordLists>(`${base}/word-lists`),
  saveWordLists: (lists: WordLists) => http.put<WordLists>(`${base}/word-lists`, lists),
  log: (query: { cursor?: string | null; limit?: number } = {}) =>
    http.get<ModerationLogPage>(withQuery(`${base}/log`, query)),
  /** Admins only: every webhook; secrets are never in this answer. */
  webhooks: () => http.get<WebhookList>(`${base}/webhooks`),
  /** Admins only: the answer holds the secret, the one time it is shown. */
  createWebhook: (webhook: WebhookCreateRequest) => http.post<WebhookCreated>(`${base}/webhooks`, webhook),
  updateWebhook: (id: string, changes: WebhookUpdateRequest) =>
    http.patch<WebhookView>(webhookPath(id), changes),
  deleteWebhook: (id: string) => http.delete<void>(webhookPath(id)),
  /** Admins only: the newest delivery attempts of one webhook. */
  webhookDeliveries: (id: string) => http.get<WebhookDeliveryList>(`${webhookPath(id)}/deliveries`),
  /** Admins only: outbox entries parked after their last try (or another status). */
  outbox: (query: { status?: 'pending' | 'done' | 'failed'; cursor?: string | null; limit?: number } = {}) =>
    http.get<OutboxPage>(withQuery(`${base}/outbox`, { status: 'failed', ...query })),
  retryOutboxEntry: (id: string) => http.post<OutboxEntry>(`${base}/outbox/${encodeURIComponent(id)}/retry`),
};

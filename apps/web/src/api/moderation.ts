import type {
  CommentStatus,
  BulkDecisionRequest,
  CreateStoryRequest,
  DecisionResponse,
  ModerationFlag,
  Queue,
  QueueSort,
  RejectReason,
  SearchableStatus,
  ReportReason,
  UpdateStoryRequest,
  WebhookCreateRequest,
  WebhookUpdateRequest,
  ToxicityThresholds,
  WordLists,
} from '@parley/shared';
import {
  MODERATION_REASON_LABELS,
  type MODERATION_LOG_ACTIONS,
  type SUSPEND_HOURS,
} from '@parley/shared/values';
import { call } from './client.js';

export type SuspendHours = (typeof SUSPEND_HOURS)[number];

/** What the log can be narrowed by: empty means every entry. */
export interface ModerationLogFilters {
  actor?: string;
  action?: ModerationLogAction;
  user?: string;
  story?: string;
}
export type ModerationLogAction = (typeof MODERATION_LOG_ACTIONS)[number];

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
  hook: 'Moderation service',
  toxic: 'Toxic',
};

/** One list of reasons and words for reports and rejections (`MODERATION_REASON_LABELS`). */
export const REJECT_REASON_LABELS: Record<RejectReason, string> = MODERATION_REASON_LABELS;
export const REPORT_REASON_LABELS: Record<ReportReason, string> = MODERATION_REASON_LABELS;

/** What a moderator can do to one comment; `override` reverses another moderator's decision. */
export type Decision =
  | { kind: 'approve'; override?: boolean }
  | { kind: 'reject'; reason: RejectReason; override?: boolean }
  | { kind: 'feature' }
  | { kind: 'unfeature' };

/** Each decision is its own endpoint; `override` is sent only when set. */
function decide(id: string, decision: Decision): Promise<DecisionResponse> {
  const override = 'override' in decision && decision.override ? { override: true } : {};
  switch (decision.kind) {
    case 'approve':
      return call('approveComment', { params: { id }, body: override });
    case 'reject':
      return call('rejectComment', { params: { id }, body: { reason: decision.reason, ...override } });
    case 'feature':
      return call('featureComment', { params: { id } });
    case 'unfeature':
      return call('unfeatureComment', { params: { id } });
  }
}

/** The staff-only API under /api/moderation. */
export const moderationApi = {
  /** One page of a queue, newest first or by toxicity score, with the counts of every queue (for that story, when given). */
  queue: (
    queue: Queue,
    query: { story?: string | null; sort?: QueueSort; cursor?: string | null; limit?: number } = {},
  ) => call('listQueue', { params: { queue }, query }),
  counts: (story?: string | null) => call('getQueueCounts', { query: { story } }),
  /** Any staff decision on one comment, from the queues or from the thread. */
  decide,
  /** One decision for up to 100 comments; one decided meanwhile by someone else comes back as `already_decided`. */
  decideMany: (request: BulkDecisionRequest) => call('decideComments', { body: request }),
  /** A comment's edit history: its current text and every text an edit replaced, oldest first. */
  revisions: (commentId: string) => call('listCommentRevisions', { params: { id: commentId } }),
  suspend: (userId: string, hours: SuspendHours) =>
    call('suspendUser', { params: { id: userId }, body: { hours } }),
  ban: (userId: string, body: { reason: string; rejectExisting: boolean }) =>
    call('banUser', { params: { id: userId }, body }),
  unban: (userId: string) => call('unbanUser', { params: { id: userId } }),
  premod: (userId: string, on: boolean) => call('setUserPremod', { params: { id: userId }, body: { on } }),
  /** Admins only. */
  role: (userId: string, role: 'reader' | 'moderator') =>
    call('setUserRole', { params: { id: userId }, body: { role } }),
  /** Stories, newest first; `search` matches title or URL. */
  stories: (query: { search?: string | null; cursor?: string | null; limit?: number } = {}) =>
    call('listStories', { query }),
  /** Admins only. */
  createStory: (story: CreateStoryRequest) => call('createStory', { body: story }),
  /** Staff: commentsOpen and premod; admins also title, url and externalId. */
  updateStory: (id: string, changes: UpdateStoryRequest) =>
    call('updateStory', { params: { id }, body: changes }),
  /** Admins only: moves every comment of `id` into `into` and deletes `id`. */
  mergeStory: (id: string, into: string) => call('mergeStory', { params: { id }, body: { into } }),
  wordLists: () => call('getWordLists', {}),
  saveWordLists: (lists: WordLists) => call('setWordLists', { body: lists }),
  /** The toxicity thresholds, and the model the answering node loaded (null: scoring is off there). */
  toxicitySettings: () => call('getToxicitySettings', {}),
  saveToxicityThresholds: (thresholds: ToxicityThresholds) =>
    call('setToxicitySettings', { body: thresholds }),
  /** Newest first; `actor` and `user` by username or id, `story` by slug or id. */
  log: (query: ModerationLogFilters & { cursor?: string | null; limit?: number } = {}) =>
    call('listModerationLog', { query }),
  /** Comments by text (words, "phrases", prefix*, -word), author name or story title; newest first or by rank. */
  search: (query: {
    q?: string;
    status?: SearchableStatus;
    story?: string;
    sort?: 'newest' | 'rank';
    cursor?: string | null;
    limit?: number;
  }) => call('searchComments', { query }),
  /** The person behind a comment: account, counts, reports, sanctions (the address only for admins). */
  person: (userId: string) => call('getPerson', { params: { id: userId } }),
  /** Their comments on every story, newest first; `status` filters. */
  personComments: (
    userId: string,
    query: { status?: CommentStatus | null; cursor?: string | null; limit?: number } = {},
  ) => call('listPersonComments', { params: { id: userId }, query }),
  /** Moderators' notes about them, newest first. */
  notes: (userId: string, query: { cursor?: string | null; limit?: number } = {}) =>
    call('listModeratorNotes', { params: { id: userId }, query }),
  addNote: (userId: string, body: string) =>
    call('createModeratorNote', { params: { id: userId }, body: { body } }),
  /** Admins only: every webhook; secrets are never in this answer. */
  webhooks: () => call('listWebhooks', {}),
  /** Admins only: the answer holds the secret, the one time it is shown. */
  createWebhook: (webhook: WebhookCreateRequest) => call('createWebhook', { body: webhook }),
  updateWebhook: (id: string, changes: WebhookUpdateRequest) =>
    call('updateWebhook', { params: { id }, body: changes }),
  deleteWebhook: (id: string) => call('deleteWebhook', { params: { id } }),
  /** Admins only: the newest delivery attempts of one webhook. */
  webhookDeliveries: (id: string) => call('listWebhookDeliveries', { params: { id } }),
  /** Admins only: outbox entries parked after their last try (or another status). */
  outbox: (query: { status?: 'pending' | 'done' | 'failed'; cursor?: string | null; limit?: number } = {}) =>
    call('listOutbox', { query: { status: 'failed', ...query } }),
  retryOutboxEntry: (id: string) => call('retryOutboxEntry', { params: { id } }),
};

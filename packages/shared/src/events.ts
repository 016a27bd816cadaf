import type { ApiErrorBody } from './errors.js';
import type { Comment, ReactionsUpdated } from './schemas/comments.js';
import type { Queue, QueueCounts, QueueItem } from './schemas/moderation.js';
import type { ModerationLogEntry } from './schemas/moderation-log.js';
import type { Notification, NotificationCount } from './schemas/notifications.js';
import type { DsaChangedEvent } from './schemas/dsa.js';
import type { NoteAddedEvent, PersonChangedEvent } from './schemas/people.js';
import { z } from 'zod';
import { slugSchema } from './schemas/common.js';

/** Every socket acknowledgement: success with data, or an error from the catalogue. */
export type Ack<T = undefined> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };

export const storyJoinSchema = z.object({ slug: slugSchema });
export type StoryJoin = z.infer<typeof storyJoinSchema>;

/**
 * Old socket event names that still work, each the same as its story event, until the aliases are
 * removed (README, "Deprecated names"): embeds already in the wild send them.
 */
export const STORY_EVENT_ALIASES = { 'article:join': 'story:join', 'article:leave': 'story:leave' } as const;

/** Events the server sends. Rooms: `story:<id>` for readers, `moderation` for staff, `user:<id>` for one account. */
export interface ServerToClientEvents {
  /** A comment became visible to readers (posted, or approved from a queue). */
  'comment:created': (comment: Comment) => void;
  /** A visible comment changed: edited, featured, or turned into a deleted placeholder. */
  'comment:updated': (comment: Comment) => void;
  /** A comment stopped being visible (deleted without replies, or rejected). */
  'comment:removed': (payload: { id: string }) => void;
  /**
   * A comment's like count changed. Coalesced: at most one a second per comment (per API node), each
   * carrying the count as it was when sent, so the last one after a burst is exact.
   */
  'reactions:updated': (payload: ReactionsUpdated) => void;
  /** How many sockets are in the story's room now. */
  'presence:updated': (payload: { readers: number }) => void;
  /** To the author's own sockets: a moderator decided a comment of theirs. */
  'comment:decided': (comment: Comment) => void;
  /** Staff: a comment entered a queue. */
  'queue:added': (payload: { queue: Queue; item: QueueItem }) => void;
  /** Staff: a comment left a queue. */
  'queue:removed': (payload: { id: string; queue: Queue }) => void;
  'queue:counts': (counts: QueueCounts) => void;
  /** Staff: the moderation log gained an entry (committed), as `GET /api/moderation/log` lists it. */
  'log:added': (entry: ModerationLogEntry) => void;
  /** Staff: a moderator wrote a note about a person (`noteAddedEventSchema`). */
  'note:added': (payload: NoteAddedEvent) => void;
  /** Staff: a person's standing changed (`personChangedEventSchema`); an open drawer reads them again. */
  'person:changed': (payload: PersonChangedEvent) => void;
  /** Staff: a DSA notice or appeal was filed or moved on (`dsaChangedEventSchema`); the Notices tab reads again. */
  'dsa:changed': (payload: DsaChangedEvent) => void;
  /** To one account's sockets: a new notification (a reply or a decision became visible). */
  'notification:created': (notification: Notification) => void;
  /** To one account's sockets: the unread count changed (new notification, or read in another tab). */
  'notification:count': (count: NotificationCount) => void;
  /**
   * To every socket of one node: live events between nodes flow again after a Redis outage. Events
   * published on other nodes meanwhile never arrived: catch up (`/changes`, the queues) as after a reconnect.
   */
  'live:resumed': () => void;
  /** To one account's sockets: a moderator or admin changed its standing (suspended, reinstated, role). Reload `/api/auth/me`. */
  'account:changed': () => void;
  /**
   * The session ended on the server (sign-out, ended from the account page, ban, a password change
   * elsewhere, PARLEY_ADMIN password reset): drop it and reload as anonymous.
   */
  'session:ended': (payload: {
    reason: 'signed out' | 'banned' | 'password reset' | 'password changed' | 'account deleted';
  }) => void;
}

export interface ClientToServerEvents {
  /** Join a story's room to receive its live events; acknowledged with the reader count. */
  'story:join': (payload: StoryJoin, ack: (result: Ack<{ readers: number }>) => void) => void;
  'story:leave': (payload: StoryJoin, ack?: (result: Ack) => void) => void;
  /** @deprecated Alias of `story:join` for embeds and clients from before stories (STORY_EVENT_ALIASES). */
  'article:join': (payload: StoryJoin, ack: (result: Ack<{ readers: number }>) => void) => void;
  /** @deprecated Alias of `story:leave`. */
  'article:leave': (payload: StoryJoin, ack?: (result: Ack) => void) => void;
  /** Staff only: join the moderation room. */
  'moderation:join': (payload: Record<string, never>, ack: (result: Ack<QueueCounts>) => void) => void;
}

import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type {
  Comment,
  DsaChangedEvent,
  ModerationLogEntry,
  NoteAddedEvent,
  Notification,
  NotificationCount,
  PersonChangedEvent,
  Queue,
  QueueCounts,
  QueueItem,
  ReactionsUpdated,
} from '@parley/shared';
import { Metrics } from '../metrics/metrics.js';
import { measureRealtime } from './realtime-metrics.js';
import { rooms, type ModeratorTask, type ParleyServer, type SessionEndReason } from './realtime.types.js';
import { dropSlowConsumers } from './slow-consumers.js';

/**
 * The single outbound path for live events. Services call it only after their transaction has
 * committed (persist, then acknowledge, then broadcast). With the Redis adapter every emit here
 * reaches the matching sockets on every node.
 */
@Injectable()
export class RealtimeService implements OnApplicationShutdown {
  private server: ParleyServer | null = null;
  private readonly logger = new Logger('Realtime');

  private clustered = false;
  private stopDroppingSlowConsumers: (() => void) | null = null;
  private readonly moderatorTaskHandlers = new Map<
    ModeratorTask['kind'],
    (task: ModeratorTask) => Promise<void>
  >();

  constructor(private readonly metrics: Metrics) {}

  /**
   * `clustered`: the Redis adapter is on, so rooms also have members on other nodes. Sockets that
   * stop reading are dropped from here on (slow-consumers.ts).
   */
  attach(server: ParleyServer, options: { clustered: boolean }): void {
    this.server = server;
    this.clustered = options.clustered;
    this.stopDroppingSlowConsumers = dropSlowConsumers(server);
    measureRealtime(server, this.metrics);
    server.on('moderators:task', (task) => this.runModeratorTask(task));
  }

  onApplicationShutdown(): void {
    this.stopDroppingSlowConsumers?.();
  }

  /** Whether a moderator is connected to this node (other nodes' are not known here). */
  moderatorsHere(): boolean {
    return (this.server?.of('/').adapter.rooms.get(rooms.moderation)?.size ?? 0) > 0;
  }

  /** Who does a kind of moderator task on this node (the moderation module, for its cards and log). */
  onModeratorTask<K extends ModeratorTask['kind']>(
    kind: K,
    handler: (task: Extract<ModeratorTask, { kind: K }>) => Promise<void>,
  ): void {
    this.moderatorTaskHandlers.set(kind, handler as (task: ModeratorTask) => Promise<void>);
  }

  /**
   * Asks every node with moderators connected, this one included, to do `task` for its own
   * moderators (who get the result through the `…Here` emits). A post on a node nobody moderates
   * from costs one small cluster message, not the queries of a card nobody receives. A moderator
   * who connects after a node checked fetches the queues on joining, after the change committed.
   */
  askModerators(task: ModeratorTask): void {
    if (!this.server) return;
    this.runModeratorTask(task);
    if (this.clustered) this.server.serverSideEmit('moderators:task', task);
  }

  private runModeratorTask(task: ModeratorTask): void {
    const handler = this.moderatorTaskHandlers.get(task.kind);
    if (!handler || !this.moderatorsHere()) return;
    handler(task).catch((error: unknown) =>
      this.logger.error(
        `moderators' ${task.kind} task failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  /** A comment became visible. `exceptSocketId` is the author's own socket, which already has it. */
  commentCreated(comment: Comment, exceptSocketId?: string): void {
    const room = this.server?.to(rooms.story(comment.storyId));
    (exceptSocketId ? room?.except(exceptSocketId) : room)?.emit('comment:created', comment);
    this.sent('comment:created', rooms.story(comment.storyId));
  }

  commentUpdated(comment: Comment): void {
    this.server?.to(rooms.story(comment.storyId)).emit('comment:updated', comment);
    this.sent('comment:updated', rooms.story(comment.storyId));
  }

  commentRemoved(storyId: string, id: string): void {
    this.server?.to(rooms.story(storyId)).emit('comment:removed', { id });
    this.sent('comment:removed', rooms.story(storyId));
  }

  reactionsUpdated(storyId: string, payload: ReactionsUpdated): void {
    this.server?.to(rooms.story(storyId)).emit('reactions:updated', payload);
    this.sent('reactions:updated', rooms.story(storyId));
  }

  presence(storyId: string, readers: number): void {
    this.server?.to(rooms.story(storyId)).emit('presence:updated', { readers });
    this.sent('presence:updated', rooms.story(storyId));
  }

  /** Tells an author, in every tab, what a moderator decided about their comment. */
  commentDecided(authorId: string, comment: Comment): void {
    this.server?.to(rooms.user(authorId)).emit('comment:decided', comment);
    this.sent('comment:decided', rooms.user(authorId));
  }

  /** A new notification, to every socket of its recipient. */
  notificationCreated(userId: string, notification: Notification): void {
    this.server?.to(rooms.user(userId)).emit('notification:created', notification);
    this.sent('notification:created', rooms.user(userId));
  }

  /** The recipient's unread count, to every socket of theirs (new entry, or read in another tab). */
  notificationCount(userId: string, count: NotificationCount): void {
    this.server?.to(rooms.user(userId)).emit('notification:count', count);
    this.sent('notification:count', rooms.user(userId));
  }

  /** This node's moderators (see askModerators): a card joined a queue. */
  queueAddedHere(queue: Queue, item: QueueItem): void {
    this.server?.local.to(rooms.moderation).emit('queue:added', { queue, item });
    this.sent('queue:added', rooms.moderation);
  }

  queueRemovedHere(queue: Queue, id: string): void {
    this.server?.local.to(rooms.moderation).emit('queue:removed', { queue, id });
    this.sent('queue:removed', rooms.moderation);
  }

  queueCountsHere(counts: QueueCounts): void {
    this.server?.local.to(rooms.moderation).emit('queue:counts', counts);
    this.sent('queue:counts', rooms.moderation);
  }

  /** Staff on this node: the moderation log gained an entry (an open log shows it on top). */
  logAddedHere(entry: ModerationLogEntry): void {
    this.server?.local.to(rooms.moderation).emit('log:added', entry);
    this.sent('log:added', rooms.moderation);
  }

  /** Staff: a moderator wrote a note about a person (an open drawer shows it). */
  noteAdded(event: NoteAddedEvent): void {
    this.server?.to(rooms.moderation).emit('note:added', event);
  }

  /** Staff: a DSA notice or appeal was filed or moved on (the Notices tab reads again). */
  dsaChanged(event: DsaChangedEvent): void {
    this.server?.to(rooms.moderation).emit('dsa:changed', event);
  }

  /** Staff: a person's standing changed (an open drawer reads them again). */
  personChanged(event: PersonChangedEvent): void {
    this.server?.to(rooms.moderation).emit('person:changed', event);
  }

  /**
   * Takes every socket of one user, on every node, out of the moderation room (demoted or
   * suspended staff). Their connections stay: they still read stories like anyone else.
   */
  leaveModeration(userId: string): void {
    this.server?.in(rooms.user(userId)).socketsLeave(rooms.moderation);
  }

  /**
   * Tells this node's own sockets (only: each node sees its own recovery) that events from other
   * nodes reach them again, after a Redis outage during which some did not.
   */
  liveResumed(): void {
    this.server?.local.emit('live:resumed');
    this.sent('live:resumed', 'this node');
  }

  /**
   * Tells every socket of one account, on every node, that its standing changed (suspended,
   * reinstated, a new role), so its screens follow at once (a suspended moderator's staff screens close).
   */
  accountChanged(userId: string): void {
    this.server?.to(rooms.user(userId)).emit('account:changed');
    this.sent('account:changed', rooms.user(userId));
  }

  /** Ends live connections of these sessions on every node (sign-out, ban). */
  endSessions(sessionHashes: string[], reason: SessionEndReason): void {
    if (!this.server || sessionHashes.length === 0) return;
    const targets = this.server.in(sessionHashes.map(rooms.session));
    targets.emit('session:ended', { reason });
    targets.disconnectSockets(true);
    this.sent('session:ended', `${sessionHashes.length} session(s)`);
  }

  /**
   * Ends every live connection of one user but those of the session `keepSessionHash` (a password
   * change ends the others' sockets, including ones whose session already ended, and keeps its own).
   */
  endUserExcept(userId: string, keepSessionHash: string, reason: SessionEndReason): void {
    if (!this.server) return;
    const targets = this.server.in(rooms.user(userId)).except(rooms.session(keepSessionHash));
    targets.emit('session:ended', { reason });
    targets.disconnectSockets(true);
  }

  /** Ends every live connection of one user (ban), including ones whose session already ended. */
  endUser(userId: string, reason: SessionEndReason): void {
    if (!this.server) return;
    const targets = this.server.in(rooms.user(userId));
    targets.emit('session:ended', { reason });
    targets.disconnectSockets(true);
    this.sent('session:ended', rooms.user(userId));
  }

  /** A debug line per emit; it carries the id of the request that caused it (request-context.ts). */
  private sent(event: string, room: string): void {
    this.logger.debug({ msg: `emitted ${event} to ${room}`, event, room });
  }
}

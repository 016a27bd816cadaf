import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { CONFIG, type Config } from '../config/config.js';
import { REDIS, RedisOutage, type RedisClient } from '../redis/redis-client.js';
import { RealtimeService } from './realtime.service.js';
import { rooms, type ParleyServer } from './realtime.types.js';

const BROADCAST_EVERY_MS = 1000;
const HEARTBEAT_EVERY_MS = 5000;
/**
 * A node that has not beaten its heartbeat for this long no longer counts (it crashed). The other
 * nodes notice at their next heartbeat and send fresh totals: a crashed node's readers leave the
 * count within NODE_TIMEOUT_MS + HEARTBEAT_EVERY_MS + BROADCAST_EVERY_MS (21 s).
 */
const NODE_TIMEOUT_MS = 15_000;

/**
 * "N reading now": the sockets in a story's room, on every node. Each node counts its own
 * sockets (exact, free) and, with Redis, writes that count into a per-story hash beside a
 * heartbeat, so the total is one HGETALL — no cluster-wide fetchSockets. Changes are coalesced:
 * a burst of joins costs one broadcast a second per story. Without Redis (down, or too slow)
 * a node counts its own readers only, and when Redis is back it writes its counts again (a
 * restarted Redis has lost them) and sends fresh totals.
 */
@Injectable()
export class PresenceService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Presence');
  private readonly nodeId = randomUUID();
  private server: ParleyServer | null = null;
  private readonly dirty = new Set<string>();
  /** Stories this node has published a count for, to clear them at shutdown. */
  private readonly published = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Nodes alive at the last heartbeat, to notice one that stops beating. */
  private liveNodes = new Set<string>();

  constructor(
    private readonly realtime: RealtimeService,
    @Inject(REDIS) private readonly redis: RedisClient | null,
    @Inject(CONFIG) private readonly config: Config,
    private readonly redisOutage: RedisOutage,
  ) {}

  attach(server: ParleyServer): void {
    this.server = server;
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    // Redis may be away at start: the node starts degraded and beats again once it is back.
    await this.heartbeat().catch((error: unknown) => this.redisOutage.down(error));
    this.heartbeatTimer = setInterval(
      () => void this.heartbeat().catch((error: unknown) => this.redisOutage.down(error)),
      HEARTBEAT_EVERY_MS,
    );
    this.heartbeatTimer.unref();
    this.redisOutage.onRecovered(() => {
      if (this.stopped) return;
      this.heartbeat().then(
        () => this.recountAll(),
        (error: unknown) => this.redisOutage.down(error),
      );
    });
  }

  private key(storyId: string): string {
    return `${this.config.redisPrefix}:presence:${storyId}`;
  }

  private get nodesKey(): string {
    return `${this.config.redisPrefix}:presence-nodes`;
  }

  private async heartbeat(): Promise<void> {
    const now = Date.now();
    const [, , live] = await Promise.all([
      this.redis!.zAdd(this.nodesKey, { score: now, value: this.nodeId }),
      // Long-dead nodes' entries, so the set does not grow with every restart.
      this.redis!.zRemRangeByScore(this.nodesKey, '-inf', now - NODE_TIMEOUT_MS * 4),
      this.redis!.zRangeByScore(this.nodesKey, now - NODE_TIMEOUT_MS, '+inf'),
    ]);
    const nowLive = new Set(live);
    const someoneLeft = [...this.liveNodes].some((node) => !nowLive.has(node));
    this.liveNodes = nowLive;
    if (someoneLeft) this.recountAll();
  }

  /** Fresh totals for every story this node has readers of (a node died, or Redis came back). */
  private recountAll(): void {
    for (const room of this.server?.of('/').adapter.rooms.keys() ?? []) {
      if (room.startsWith('story:')) this.changed(room.slice('story:'.length));
    }
  }

  private localCount(storyId: string): number {
    return this.server?.of('/').adapter.rooms.get(rooms.story(storyId))?.size ?? 0;
  }

  /** Readers of a story across every live node; this node's own while Redis is away. */
  async count(storyId: string): Promise<number> {
    const local = this.localCount(storyId);
    if (!this.redis || this.redisOutage.isDown) return local;
    try {
      return await this.sharedCount(storyId, local);
    } catch (error) {
      this.redisOutage.down(error);
      return local;
    }
  }

  private async sharedCount(storyId: string, local: number): Promise<number> {
    const redis = this.redis!;
    const key = this.key(storyId);
    this.published.add(storyId);
    const [, , counts, liveNodes] = await Promise.all([
      redis.hSet(key, this.nodeId, String(local)),
      redis.pExpire(key, NODE_TIMEOUT_MS * 8),
      redis.hGetAll(key),
      redis.zRangeByScore(this.nodesKey, Date.now() - NODE_TIMEOUT_MS, '+inf'),
    ]);
    const live = new Set(liveNodes);
    let total = 0;
    for (const [node, value] of Object.entries(counts)) {
      if (node === this.nodeId) total += local;
      else if (live.has(node)) total += Number(value) || 0;
    }
    return total;
  }

  changed(storyId: string): void {
    // Sockets closing while the app shuts down must not schedule a broadcast over closed connections.
    if (this.stopped) return;
    this.dirty.add(storyId);
    this.flushTimer ??= setTimeout(() => void this.flush(), BROADCAST_EVERY_MS);
  }

  private async flush(): Promise<void> {
    this.flushTimer = null;
    const storyIds = [...this.dirty];
    this.dirty.clear();
    for (const storyId of storyIds) {
      try {
        this.realtime.presence(storyId, await this.count(storyId));
      } catch (error) {
        this.logger.warn(`presence for ${storyId}: ${String(error)}`);
      }
    }
  }

  /** Before Redis closes (that happens in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (!this.redis?.isReady) return;
    // Leave the totals as if this node's sockets had gone, without waiting for the timeout.
    await Promise.all([
      this.redis.zRem(this.nodesKey, this.nodeId),
      ...[...this.published].map((storyId) => this.redis!.hDel(this.key(storyId), this.nodeId)),
    ]).catch(() => undefined);
  }
}

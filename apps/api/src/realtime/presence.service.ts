import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { CONFIG, type Config } from '../config/config.js';
import { REDIS, type RedisClient } from '../redis/redis.module.js';
import { RealtimeService } from './realtime.service.js';
import { rooms, type ParleyServer } from './realtime.types.js';

const BROADCAST_EVERY_MS = 1000;
const HEARTBEAT_EVERY_MS = 10_000;
/** A node that has not beaten its heartbeat for this long no longer counts (it crashed). */
const NODE_TIMEOUT_MS = 30_000;

/**
 * "N reading now": the sockets in an article's room, on every node. Each node counts its own
 * sockets (exact, free) and, with Redis, writes that count into a per-article hash beside a
 * heartbeat, so the total is one HGETALL — no cluster-wide fetchSockets. Changes are coalesced:
 * a burst of joins costs one broadcast a second per article.
 */
@Injectable()
export class PresenceService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Presence');
  private readonly nodeId = randomUUID();
  private server: ParleyServer | null = null;
  private readonly dirty = new Set<string>();
  /** Articles this node has published a count for, to clear them at shutdown. */
  private readonly published = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly realtime: RealtimeService,
    @Inject(REDIS) private readonly redis: RedisClient | null,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  attach(server: ParleyServer): void {
    this.server = server;
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    await this.heartbeat();
    this.heartbeatTimer = setInterval(() => void this.heartbeat().catch(() => undefined), HEARTBEAT_EVERY_MS);
    this.heartbeatTimer.unref();
  }

  private key(articleId: string): string {
    return `${this.config.redisPrefix}:presence:${articleId}`;
  }

  private get nodesKey(): string {
    return `${this.config.redisPrefix}:presence-nodes`;
  }

  private async heartbeat(): Promise<void> {
    await this.redis!.zAdd(this.nodesKey, { score: Date.now(), value: this.nodeId });
  }

  private localCount(articleId: string): number {
    return this.server?.of('/').adapter.rooms.get(rooms.article(articleId))?.size ?? 0;
  }

  /** Readers of an article across every live node. */
  async count(articleId: string): Promise<number> {
    const local = this.localCount(articleId);
    if (!this.redis) return local;
    const key = this.key(articleId);
    this.published.add(articleId);
    const [, , counts, liveNodes] = await Promise.all([
      this.redis.hSet(key, this.nodeId, String(local)),
      this.redis.pExpire(key, NODE_TIMEOUT_MS * 4),
      this.redis.hGetAll(key),
      this.redis.zRangeByScore(this.nodesKey, Date.now() - NODE_TIMEOUT_MS, '+inf'),
    ]);
    const live = new Set(liveNodes);
    let total = 0;
    for (const [node, value] of Object.entries(counts)) {
      if (node === this.nodeId) total += local;
      else if (live.has(node)) total += Number(value) || 0;
    }
    return total;
  }

  changed(articleId: string): void {
    // Sockets closing while the app shuts down must not schedule a broadcast over closed connections.
    if (this.stopped) return;
    this.dirty.add(articleId);
    this.flushTimer ??= setTimeout(() => void this.flush(), BROADCAST_EVERY_MS);
  }

  private async flush(): Promise<void> {
    this.flushTimer = null;
    const articleIds = [...this.dirty];
    this.dirty.clear();
    for (const articleId of articleIds) {
      try {
        this.realtime.presence(articleId, await this.count(articleId));
      } catch (error) {
        this.logger.warn(`presence for ${articleId}: ${String(error)}`);
      }
    }
  }

  /** Before Redis closes (that happens in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (!this.redis?.isOpen) return;
    // Leave the totals as if this node's sockets had gone, without waiting for the timeout.
    await Promise.all([
      this.redis.zRem(this.nodesKey, this.nodeId),
      ...[...this.published].map((articleId) => this.redis!.hDel(this.key(articleId), this.nodeId)),
    ]).catch(() => undefined);
  }
}

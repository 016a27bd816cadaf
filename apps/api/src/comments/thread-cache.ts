import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { CONFIG, type Config } from '../config/config.js';
import { answerWithin, REDIS, RedisOutage, type RedisClient } from '../redis/redis-client.js';
import type { PageText } from './thread-page-text.js';

/** A story's version key in Redis lives this long after its last write; a lost key only costs misses. */
const VERSION_TTL_SECONDS = 24 * 3600;
/** The version every page shares: bumped by changes that show on every story (an author's role). */
const ALL_STORIES = '*';
/** Failed bumps retried after Redis is back; past this many the TTL backstop is all there is. */
const MAX_PENDING_BUMPS = 10_000;

export interface CachedPage {
  version: string;
  /** The page as JSON text, serialised once, with its comments' ids for signed-in readers. */
  text: PageText;
}

/**
 * First pages as readers who are not signed in see them, in this node's memory (a signed-in
 * reader gets the same text with their own likes set: CommentReadingService.thread), and the
 * per-story version that proves one current. Every write that changes what a thread shows calls `changed()` after its commit and
 * before its response; a reader reads the version before its queries, so a page stored under a
 * version can only be older than writes that bumped it afterwards, and is then never served.
 * With REDIS_URL the versions live in Redis (one MGET per read), so a write answered on one node
 * is seen by a read on any other. Without Redis in reach, `version()` answers null and readers
 * bypass the cache (correct, slower); no command waits longer than REDIS_COMMAND_TIMEOUT_MS.
 * The TTL is a backstop for the one gap left: a write on a node cut off from Redis while the
 * other nodes still reach it (its bump is retried once its Redis is back).
 */
@Injectable()
export class ThreadCache {
  private readonly logger = new Logger('ThreadCache');
  private readonly pages: LRUCache<string, CachedPage> | null;
  /** Single-node versions: a counter per story, after a token unique to this process. */
  private readonly local = new Map<string, number>();
  private readonly epoch = token();
  /** Bumps that failed, to send when Redis is back. */
  private readonly pendingBumps = new Set<string>();

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient | null,
    @Inject(CONFIG) private readonly config: Config,
    private readonly outage: RedisOutage,
  ) {
    this.pages =
      config.threadCacheTtlMs > 0
        ? new LRUCache({
            maxSize: config.threadCacheBytes,
            // UTF-16 in memory: two bytes a character, near enough; an id and its offset about 100.
            sizeCalculation: (page) => page.text.body.length * 2 + page.text.ids.length * 100 + 100,
            ttl: config.threadCacheTtlMs,
          })
        : null;
    outage.onRecovered(() => {
      // Versions may have moved while this node could not see them: start from nothing.
      this.pages?.clear();
      void this.retryBumps();
    });
  }

  /**
   * The story's current version (with the all-stories one), or null when it cannot be known:
   * then nothing may be served from or stored in the cache, and no ETag may rest on it.
   */
  async version(storyId: string): Promise<string | null> {
    if (!this.redis)
      return `${this.epoch}.${this.local.get(storyId) ?? 0}.${this.local.get(ALL_STORIES) ?? 0}`;
    if (this.outage.isDown || this.pendingBumps.size > 0) return null;
    const keys = [this.key(storyId), this.key(ALL_STORIES)];
    try {
      const [story, all] = await this.answer(this.redis.mGet(keys));
      if (story && all) return `${story}.${all}`;
      // Never written, or expired: start a version; this one read goes without the cache.
      await Promise.all(
        keys.map((key) =>
          this.answer(
            this.redis!.set(key, token(), {
              condition: 'NX',
              expiration: { type: 'EX', value: VERSION_TTL_SECONDS },
            }),
          ),
        ),
      );
      return null;
    } catch (error) {
      this.outage.down(error);
      return null;
    }
  }

  /** Whether pages are kept at all (`PARLEY_THREAD_CACHE_TTL_MS=0` turns it off). */
  get enabled(): boolean {
    return this.pages !== null;
  }

  /** Serves a first page stored under exactly this version. */
  get(key: string, version: string): PageText | undefined {
    const hit = this.pages?.get(key);
    return hit?.version === version ? hit.text : undefined;
  }

  set(key: string, version: string, text: PageText): void {
    this.pages?.set(key, { version, text });
  }

  /**
   * Stories whose threads changed (committed). Await it before answering the write: a reader
   * who has the answer must find the new version on every node.
   */
  async changed(storyIds: Iterable<string>): Promise<void> {
    await this.bump([...new Set(storyIds)]);
  }

  /** A change that shows on every story's pages (an author's role badge). */
  async changedEverywhere(): Promise<void> {
    await this.bump([ALL_STORIES]);
  }

  private async bump(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    if (!this.redis) {
      for (const id of ids) this.local.set(id, (this.local.get(id) ?? 0) + 1);
      return;
    }
    if (this.outage.isDown) {
      this.remember(ids);
      return;
    }
    try {
      await Promise.all(ids.map((id) => this.setVersion(id)));
    } catch (error) {
      this.outage.down(error);
      this.remember(ids);
    }
  }

  private setVersion(id: string): Promise<unknown> {
    return this.answer(
      this.redis!.set(this.key(id), token(), { expiration: { type: 'EX', value: VERSION_TTL_SECONDS } }),
    );
  }

  private answer<T>(command: Promise<T>): Promise<T> {
    return answerWithin(command, this.config.redisCommandTimeoutMs);
  }

  private remember(ids: string[]): void {
    for (const id of ids) if (this.pendingBumps.size < MAX_PENDING_BUMPS) this.pendingBumps.add(id);
  }

  private async retryBumps(): Promise<void> {
    const ids = [...this.pendingBumps];
    try {
      await Promise.all(ids.map((id) => this.setVersion(id)));
      for (const id of ids) this.pendingBumps.delete(id);
    } catch (error) {
      this.logger.warn(`thread versions not yet bumped after Redis came back: ${String(error)}`);
      this.outage.down(error);
    }
  }

  private key(id: string): string {
    return `${this.config.redisPrefix}:thread:${id}`;
  }
}

function token(): string {
  return randomBytes(9).toString('base64url');
}

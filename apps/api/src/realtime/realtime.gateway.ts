import { Inject, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { articleJoinSchema, type Ack, type QueueCounts } from '@parley/shared';
import { parse as parseCookie } from 'cookie';
import { AppError } from '../common/app-error.js';
import { addressKey, requestAddress, type TrustProxy } from '../common/client-address.js';
import { isDatabaseUnavailable } from '../common/database-errors.js';
import { parseOrThrow } from '../common/zod.js';
import { ArticlesService } from '../articles/articles.service.js';
import { hasStaffPowers } from '../auth/access.js';
import { AuthService, SESSION_COOKIE } from '../auth/auth.service.js';
import { hashToken } from '../auth/sessions.repository.js';
import { CONFIG, type Config } from '../config/config.js';
import { ModerationQueuesService } from '../moderation/moderation-queues.service.js';
import { REDIS, RedisOutage, type RedisClient } from '../redis/redis.module.js';
import { UsersRepository } from '../users/users.repository.js';
import { closeRedisClient, connectClusterAdapter } from './cluster-adapter.js';
import { PresenceService } from './presence.service.js';
import { RealtimeService } from './realtime.service.js';
import { rooms, type ParleyServer, type ParleySocket } from './realtime.types.js';
import { SocketEventLimiter, SocketsPerAddress } from './socket-limits.js';

/** Runs a handler and turns its outcome into an acknowledgement; unknown errors are logged, not leaked. */
async function acknowledge<T>(logger: Logger, work: () => Promise<T>): Promise<Ack<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toBody() };
    // The database is away: the client may retry; the outage itself is logged once elsewhere.
    if (isDatabaseUnavailable(error))
      return { ok: false, error: new AppError('server/unavailable').toBody() };
    logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { ok: false, error: new AppError('server/internal').toBody() };
  }
}

/**
 * The one socket gateway. The session (cookie or `auth.token`) authenticates the handshake (anonymous sockets may
 * listen); clients join article rooms, staff the moderation room. All emits go through RealtimeService.
 */
@WebSocketGateway({ serveClient: false, pingInterval: 20_000, pingTimeout: 20_000 })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  /** The adapter's own Redis connections: closed at shutdown, or they keep the process (and Redis) busy. */
  private adapterClients: RedisClient[] = [];
  private readonly eventLimiter: SocketEventLimiter;
  private readonly socketsPerAddress: SocketsPerAddress;

  constructor(
    private readonly auth: AuthService,
    private readonly articles: ArticlesService,
    private readonly realtime: RealtimeService,
    private readonly presence: PresenceService,
    private readonly queues: ModerationQueuesService,
    private readonly users: UsersRepository,
    @Inject(REDIS) private readonly redis: RedisClient | null,
    @Inject(CONFIG) private readonly config: Config,
    private readonly redisOutage: RedisOutage,
    private readonly httpAdapterHost: HttpAdapterHost,
  ) {
    this.eventLimiter = new SocketEventLimiter(config.socketEventsPerMinute);
    this.socketsPerAddress = new SocketsPerAddress(config.socketsPerAddress);
  }

  async afterInit(server: ParleyServer): Promise<void> {
    if (this.redis) {
      const { adapter, clients } = await connectClusterAdapter(
        this.redis,
        this.redisOutage,
        `${this.config.redisPrefix}:socket.io`,
      );
      this.adapterClients = clients;
      server.adapter(adapter);
    }
    // The cap first: a refused connection costs no session lookup.
    server.use((socket, next) => this.holdAddressPlace(socket as ParleySocket, next));
    server.use((socket, next) => {
      this.authenticate(socket as ParleySocket).then(
        () => next(),
        (error: unknown) => {
          if (isDatabaseUnavailable(error)) return next(new Error('server/unavailable'));
          this.logger.error(error instanceof Error ? error.message : String(error));
          next(new Error('server/internal'));
        },
      );
    });
    this.realtime.attach(server, { clustered: this.redis !== null });
    this.presence.attach(server);
  }

  async onApplicationShutdown(): Promise<void> {
    const clients = this.adapterClients;
    this.adapterClients = [];
    await Promise.allSettled(clients.map(closeRedisClient));
  }

  /**
   * Counts the connection against its address (as HTTP sees it, X-Forwarded-For per
   * PARLEY_TRUST_PROXY) until the underlying connection closes; past the cap it is refused and closed.
   */
  private holdAddressPlace(socket: ParleySocket, next: (error?: Error) => void): void {
    const trust = this.httpAdapterHost.httpAdapter
      .getInstance<{ get(name: string): unknown }>()
      .get('trust proxy fn') as TrustProxy;
    const address = addressKey(requestAddress(socket.request, trust));
    const place = this.socketsPerAddress.take(address);
    if (!place) {
      next(new Error('socket/too_many_connections'));
      // After the refusal has been queued (socket.io sends it on the next tick): close the connection too.
      setImmediate(() => socket.conn.close());
      return;
    }
    socket.conn.once('close', place.release);
    next();
  }

  /**
   * The handshake's `auth: { token }` (a bearer token, for pages on other sites), else the session
   * cookie. An unknown or ended token makes an anonymous socket, as a stale cookie does.
   */
  private async authenticate(socket: ParleySocket): Promise<void> {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const bearer = typeof auth?.token === 'string' && auth.token !== '' ? auth.token : undefined;
    const token = bearer ?? parseCookie(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
    const user = await this.auth.resolve(token);
    socket.data.user = user ? { id: user.id, role: user.role } : null;
    socket.data.sessionHash = user && token ? hashToken(token) : null;
    if (user && token) await socket.join([rooms.user(user.id), rooms.session(hashToken(token))]);
  }

  /**
   * By the time 'disconnect' fires socket.io has already taken the socket out of every room, so
   * the rooms it read are collected on 'disconnecting', while it is still in them.
   */
  handleConnection(socket: ParleySocket): void {
    this.eventLimiter.guard(socket);
    socket.on('disconnecting', () => {
      for (const room of socket.rooms) {
        if (room.startsWith('article:')) this.presence.changed(room.slice('article:'.length));
      }
    });
  }

  @SubscribeMessage('article:join')
  join(
    @ConnectedSocket() socket: ParleySocket,
    @MessageBody() payload: unknown,
  ): Promise<Ack<{ readers: number }>> {
    return acknowledge(this.logger, async () => {
      const { slug } = parseOrThrow(articleJoinSchema, payload, 'article:join');
      const articleId = await this.articles.idOf(slug);
      await socket.join(rooms.article(articleId));
      this.presence.changed(articleId);
      return { readers: await this.presence.count(articleId) };
    });
  }

  @SubscribeMessage('article:leave')
  leave(@ConnectedSocket() socket: ParleySocket, @MessageBody() payload: unknown): Promise<Ack> {
    return acknowledge(this.logger, async () => {
      const { slug } = parseOrThrow(articleJoinSchema, payload, 'article:leave');
      const articleId = await this.articles.idOf(slug);
      await socket.leave(rooms.article(articleId));
      this.presence.changed(articleId);
      return undefined;
    });
  }

  @SubscribeMessage('moderation:join')
  joinModeration(@ConnectedSocket() socket: ParleySocket): Promise<Ack<QueueCounts>> {
    return acknowledge(this.logger, async () => {
      if (!socket.data.user) throw new AppError('auth/unauthenticated');
      // The role and status as they are now, not as they were at connection: a demoted or
      // suspended moderator is refused.
      const user = await this.users.findById(socket.data.user.id);
      if (!user || user.status === 'banned') throw new AppError('auth/unauthenticated');
      if (!hasStaffPowers(user)) throw new AppError('auth/forbidden');
      await socket.join(rooms.moderation);
      // A demotion or suspension committed between the read and the join took the user's sockets
      // out of the room before this one was in it: look again, now that it is.
      if (!hasStaffPowers(await this.users.findById(user.id))) {
        await socket.leave(rooms.moderation);
        throw new AppError('auth/forbidden');
      }
      return this.queues.counts();
    });
  }
}

import { Inject, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import { addressKey, requestAddress, type TrustProxy } from '../common/client-address.js';
import { isDatabaseUnavailable } from '../common/database-errors.js';
import { CONFIG, type Config } from '../config/config.js';
import { REDIS, RedisOutage, type RedisClient } from '../redis/redis-client.js';
import { connectClusterAdapter, type ClusterAdapter } from './cluster-adapter.js';
import { PresenceService } from './presence.service.js';
import { RealtimeService } from './realtime.service.js';
import { rooms, type ParleyServer, type ParleySocket } from './realtime.types.js';
import { SocketHandlers } from './socket-handlers.js';
import { SocketIdentities } from './socket-identities.js';
import { SocketEventLimiter, SocketsPerAddress } from './socket-limits.js';
import { localizeAcks } from './socket-locale.js';

/**
 * The one socket server: the session (cookie or `auth.token`, as auth resolves it) authenticates
 * the handshake (anonymous sockets may listen), and the limits per address and per socket apply.
 * The features own their handlers (`story:join` in stories, `moderation:join` in moderation).
 * All emits go through RealtimeService.
 */
@SocketHandlers()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  /** The adapter's own Redis connections: closed at shutdown, or they keep the process (and Redis) busy. */
  private cluster: ClusterAdapter | null = null;
  private readonly eventLimiter: SocketEventLimiter;
  private readonly socketsPerAddress: SocketsPerAddress;

  constructor(
    private readonly identities: SocketIdentities,
    private readonly realtime: RealtimeService,
    private readonly presence: PresenceService,
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
      this.cluster = await connectClusterAdapter(
        this.redis,
        this.redisOutage,
        `${this.config.redisPrefix}:socket.io`,
      );
      server.adapter(this.cluster.adapter);
      // What other nodes published while Redis was away never arrived: readers catch up.
      this.redisOutage.onRecovered(() => this.realtime.liveResumed());
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
    const cluster = this.cluster;
    this.cluster = null;
    await cluster?.close();
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

  /** Anonymous, or in the rooms of its user and its session (where sign-out and bans reach it). */
  private async authenticate(socket: ParleySocket): Promise<void> {
    const identity = await this.identities.of(socket.handshake);
    socket.data.user = identity?.user ?? null;
    socket.data.sessionHash = identity?.sessionHash ?? null;
    if (identity) await socket.join([rooms.user(identity.user.id), rooms.session(identity.sessionHash)]);
  }

  /**
   * By the time 'disconnect' fires socket.io has already taken the socket out of every room, so
   * the rooms it read are collected on 'disconnecting', while it is still in them.
   */
  handleConnection(socket: ParleySocket): void {
    localizeAcks(socket);
    this.eventLimiter.guard(socket);
    socket.on('disconnecting', () => {
      for (const room of socket.rooms) {
        if (room.startsWith('story:')) this.presence.changed(room.slice('story:'.length));
      }
    });
  }
}

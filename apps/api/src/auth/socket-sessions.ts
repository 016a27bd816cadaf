import { Injectable, type OnModuleInit } from '@nestjs/common';
import { parse as parseCookie } from 'cookie';
import type { ParleySocket } from '../realtime/realtime.types.js';
import { SocketIdentities, type SocketIdentity } from '../realtime/socket-identities.js';
import { AuthService } from './auth.service.js';
import { SESSION_COOKIE } from './session-cookie.js';
import { hashToken } from './sessions.repository.js';

/** Resolves a socket's handshake to its session's user, for the gateway (registered at start). */
@Injectable()
export class SocketSessions implements OnModuleInit {
  constructor(
    private readonly auth: AuthService,
    private readonly identities: SocketIdentities,
  ) {}

  onModuleInit(): void {
    this.identities.resolveWith((handshake) => this.identify(handshake));
  }

  /**
   * The handshake's `auth: { token }` (a bearer token, for pages on other sites), else the session
   * cookie. An unknown or ended token makes an anonymous socket, as a stale cookie does.
   */
  async identify(handshake: ParleySocket['handshake']): Promise<SocketIdentity | null> {
    const auth = handshake.auth as { token?: unknown } | undefined;
    const bearer = typeof auth?.token === 'string' && auth.token !== '' ? auth.token : undefined;
    const token = bearer ?? parseCookie(handshake.headers.cookie ?? '')[SESSION_COOKIE];
    const user = await this.auth.resolve(token);
    if (!user || !token) return null;
    return { user: { id: user.id, role: user.role }, sessionHash: hashToken(token) };
  }
}

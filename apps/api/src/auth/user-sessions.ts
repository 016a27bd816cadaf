import { Injectable } from '@nestjs/common';
import { RealtimeService } from '../realtime/realtime.service.js';
import type { SessionEndReason } from '../realtime/realtime.types.js';
import { SessionsRepository } from './sessions.repository.js';

/**
 * Ending what a user is signed in with, in one place: a ban, an account's deletion, a PARLEY_ADMIN
 * password reset, a password change, the account page's "sign out" of one session or of all the
 * others. The sessions go from the database (no cookie or token works again), then their live
 * sockets, on every node, are told why and closed.
 */
@Injectable()
export class UserSessions {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly realtime: RealtimeService,
  ) {}

  /** Ends every session and socket of the user; answers how many sessions it ended. */
  async endAll(userId: string, reason: SessionEndReason): Promise<number> {
    const hashes = await this.sessions.deleteAllForUser(userId);
    this.realtime.endSessions(hashes, reason);
    // Sockets whose session already ended (or expired) but that are still open.
    this.realtime.endUser(userId, reason);
    return hashes.length;
  }

  /** Ends every session and socket of the user but the session `keepTokenHash` and its sockets. */
  async endAllExcept(userId: string, keepTokenHash: string, reason: SessionEndReason): Promise<number> {
    const hashes = await this.sessions.deleteAllForUserExcept(userId, keepTokenHash);
    this.realtime.endSessions(hashes, reason);
    this.realtime.endUserExcept(userId, keepTokenHash, reason);
    return hashes.length;
  }

  /** Ends one session of the user by its id, with its sockets; the hash it had, or undefined when none. */
  async endOne(userId: string, sessionId: string, reason: SessionEndReason): Promise<string | undefined> {
    const hash = await this.sessions.deleteOneForUser(userId, sessionId);
    if (hash) this.realtime.endSessions([hash], reason);
    return hash;
  }
}

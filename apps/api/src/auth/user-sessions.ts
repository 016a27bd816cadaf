import { Injectable } from '@nestjs/common';
import { RealtimeService } from '../realtime/realtime.service.js';
import type { SessionEndReason } from '../realtime/realtime.types.js';
import { SessionsRepository } from './sessions.repository.js';

/**
 * Ending everything a user is signed in with, in one place: a ban, an account's deletion, a
 * PARLEY_ADMIN password reset. Their sessions go from the database (no cookie or token works
 * again), then every live socket of theirs, on every node, is told why and closed.
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
}

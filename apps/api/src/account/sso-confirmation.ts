import { Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import { SsoService } from '../auth/sso.service.js';
import { AppError } from '../common/app-error.js';

/**
 * Whether a fresh SSO token confirms this account (DELETE /api/me for accounts that sign in through
 * the host site, which have no password): a valid token, signed for this account's `sub`.
 */
@Injectable()
export class SsoConfirmation {
  constructor(private readonly sso: SsoService) {}

  async confirms(user: User, token: string): Promise<boolean> {
    if (!this.sso.enabled || user.ssoSubject === null) return false;
    try {
      return (await this.sso.verify(token)).sub === user.ssoSubject;
    } catch (error) {
      // A bad, expired or replayed token confirms nothing; the caller answers with its own refusal.
      if (error instanceof AppError) return false;
      throw error;
    }
  }
}

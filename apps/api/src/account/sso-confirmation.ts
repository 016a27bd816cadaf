import { Injectable } from '@nestjs/common';
import type { User } from '@parley/db';

/**
 * Seam for i-auth: whether a fresh SSO token confirms this account (DELETE /api/me for accounts
 * that sign in through the host site). Until the SSO verifier is wired here, no token confirms
 * anything, and such accounts are told to use their password (or ask an admin).
 */
@Injectable()
export class SsoConfirmation {
  confirms(_user: User, _token: string): Promise<boolean> {
    return Promise.resolve(false);
  }
}

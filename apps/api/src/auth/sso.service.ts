import { Inject, Injectable, Logger } from '@nestjs/common';
import type { User } from '@parley/db';
import {
  SSO_REQUIRED_CLAIMS,
  fieldErrorMap,
  ssoClaimsSchema,
  usernameSchema,
  displayNameSchema,
  type SsoClaims,
} from '@parley/shared';
import { compactVerify, errors as joseErrors } from 'jose';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../common/app-error.js';
import { addressKey } from '../common/client-address.js';
import { RateLimiterFactory, charge } from '../common/rate-limiter.js';
import { CONFIG, type Config } from '../config/config.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthService, type SignedIn } from './auth.service.js';
import { isReservedName } from './reserved-names.js';
import { SsoTokensRepository } from './sso-tokens.repository.js';
import { AccountSettingsService } from './account-settings.service.js';

/** The longest an SSO token may live from now: a leaked one is good for a day at most. */
export const SSO_MAX_LIFETIME_SECONDS = 24 * 3600;
/** Leeway for the host's clock running ahead of ours (`iat` in the future, `exp` just past the day). */
const CLOCK_SKEW_SECONDS = 60;
/** SSO sign-ins one address (or IPv6 /64) may attempt per minute, on every node together. */
export const SSO_ATTEMPTS_PER_MINUTE = 60;
/** Longest stem of a derived username, leaving room for a `_<suffix>` within the 32-character rule. */
const USERNAME_STEM_LENGTH = 24;

/**
 * Single sign-on: the host site signs an HS256 JWT with PARLEY_SSO_SECRET naming its reader; Parley
 * verifies it and signs in the account linked to the reader's `sub`, creating it on first use.
 * Roles are Parley's own: a token only ever makes or updates a reader's name.
 */
@Injectable()
export class SsoService {
  private readonly logger = new Logger(SsoService.name);
  private readonly keys: Uint8Array[];
  private readonly attemptsByAddress: RateLimiterAbstract;
  private lastPrune = 0;

  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersRepository,
    private readonly usedTokens: SsoTokensRepository,
    private readonly accounts: AccountSettingsService,
    @Inject(CONFIG) config: Config,
    rateLimiters: RateLimiterFactory,
  ) {
    this.keys = config.ssoSecrets.map((secret) => new TextEncoder().encode(secret));
    this.attemptsByAddress = rateLimiters.create('sso-address', SSO_ATTEMPTS_PER_MINUTE, 60);
  }

  /** Whether PARLEY_SSO_SECRET is set. */
  get enabled(): boolean {
    return this.keys.length > 0;
  }

  /** `POST /api/auth/sso`: verifies the token, links the account, starts a session. */
  async signIn(token: string, ip: string, userAgent?: string): Promise<SignedIn> {
    if (!this.enabled) throw new AppError('auth/sso_not_configured');
    const attempt = await charge(this.attemptsByAddress, addressKey(ip));
    if (!attempt.allowed) {
      throw new AppError(
        'auth/rate_limited',
        { retryAfterSeconds: attempt.retryAfterSeconds },
        'Too many single sign-on attempts from this address. Please wait a minute and try again.',
      );
    }
    const user = await this.linkAccount(await this.verify(token));
    return { user, token: await this.auth.startSession(user.id, userAgent) };
  }

  /**
   * Verifies an SSO token and returns its claims: signed HS256 with one of the secrets, every
   * required claim present and well-formed, not expired, `exp` at most 24 hours ahead, and its
   * `jti` (if any) never used before, which this call uses up. Reusable wherever a fresh proof of
   * the host's sign-in is wanted. Throws 401 `auth/sso_*` (404 `auth/sso_not_configured`).
   */
  async verify(token: string, now = new Date()): Promise<SsoClaims> {
    if (!this.enabled) throw new AppError('auth/sso_not_configured');
    const claims = this.checkClaims(await this.verifiedPayload(token), Math.floor(now.getTime() / 1000));
    if (claims.jti !== undefined) {
      await this.pruneNow(now);
      if (!(await this.usedTokens.use(claims.jti, new Date(claims.exp * 1000)))) {
        throw new AppError('auth/sso_replayed');
      }
    }
    return claims;
  }

  /**
   * The account linked to the verified claims' `sub`, made on first sign-in (a free username from
   * the `username` claim) and with its display name brought up to date on every one after. Every
   * verified claim reaches here, `email` included.
   */
  async linkAccount(claims: SsoClaims): Promise<User> {
    const user = await this.linkSubject(claims);
    return claims.email ? this.takeVerifiedEmail(user, claims.email) : user;
  }

  /**
   * The host vouches for its readers' addresses: an `email` claim counts as confirmed and takes the
   * address from accounts that only typed it. When another account confirmed it, the sign-in goes
   * on and this account keeps the address it had.
   */
  private async takeVerifiedEmail(user: User, email: string): Promise<User> {
    if (user.email?.toLowerCase() === email.toLowerCase() && user.emailVerifiedAt) return user;
    return (await this.accounts.setVerifiedEmail(user.id, email)) ?? user;
  }

  private async linkSubject(claims: SsoClaims): Promise<User> {
    const displayName = ssoDisplayName(claims);
    const existing = await this.users.findBySsoSubject(claims.sub);
    if (existing) return this.refresh(existing, displayName);
    for (const username of usernameCandidates(claims.username)) {
      const created = await this.users.createSsoUser({ username, displayName, ssoSubject: claims.sub });
      if (created) return created;
      // Either the name is taken, or a concurrent first sign-in of the same reader linked it.
      const linked = await this.users.findBySsoSubject(claims.sub);
      if (linked) return this.refresh(linked, displayName);
    }
    throw new Error(`no free username for SSO subject ${JSON.stringify(claims.sub)}`);
  }

  private async refresh(user: User, displayName: string): Promise<User> {
    // Banned stays banned: no session, and the name is left as the moderators saw it.
    if (user.status === 'banned') throw new AppError('auth/banned');
    if (user.displayName === displayName) return user;
    return (await this.users.update(user.id, { displayName })) ?? user;
  }

  /** The token's payload, once its signature checks out with one of the secrets. */
  private async verifiedPayload(token: string): Promise<Record<string, unknown>> {
    for (const key of this.keys) {
      try {
        const { payload } = await compactVerify(token, key, { algorithms: ['HS256'] });
        const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
        if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) break;
        return claims as Record<string, unknown>;
      } catch (error) {
        // Another secret may have signed it (a rotation); any other failure is the token's own.
        if (error instanceof joseErrors.JWSSignatureVerificationFailed) continue;
        if (error instanceof joseErrors.JOSEError || error instanceof SyntaxError) break;
        throw error;
      }
    }
    throw new AppError('auth/sso_invalid');
  }

  private checkClaims(payload: Record<string, unknown>, nowSeconds: number): SsoClaims {
    const missing = SSO_REQUIRED_CLAIMS.find(
      (claim) => payload[claim] === undefined || payload[claim] === null,
    );
    if (missing) {
      throw new AppError(
        'auth/sso_claim_missing',
        { claim: missing },
        `The sign-in token lacks the "${missing}" claim.`,
      );
    }
    const parsed = ssoClaimsSchema.safeParse(payload, { error: fieldErrorMap });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const claim = String(issue.path[0]);
      throw new AppError(
        'auth/sso_claim_invalid',
        { claim, problem: issue.message },
        `The sign-in token's "${claim}" claim is not valid: ${issue.message}`,
      );
    }
    const claims = parsed.data;
    if (claims.exp <= nowSeconds) throw new AppError('auth/sso_expired');
    if (claims.iat > nowSeconds + CLOCK_SKEW_SECONDS) {
      throw new AppError(
        'auth/sso_claim_invalid',
        { claim: 'iat', problem: 'lies in the future' },
        'The sign-in token\'s "iat" claim lies in the future: check the host\'s clock.',
      );
    }
    if (claims.exp > nowSeconds + SSO_MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) {
      throw new AppError('auth/sso_lifetime_too_long');
    }
    return claims;
  }

  /** Forgets expired `jti`s, at most once a minute per node. */
  private async pruneNow(now: Date): Promise<void> {
    if (now.getTime() - this.lastPrune < 60_000) return;
    this.lastPrune = now.getTime();
    try {
      await this.usedTokens.prune(now);
    } catch (error) {
      // Pruning is housekeeping: a failure here must not refuse a sign-in.
      this.logger.warn(
        `could not prune used SSO token ids: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/**
 * The display name: the `displayName` claim, else the `username` claim, as long as it passes the
 * display-name rule (64 characters, one visible line) and is not a staff word; else the username.
 */
export function ssoDisplayName(claims: Pick<SsoClaims, 'username' | 'displayName'>): string {
  const wanted = claims.displayName ?? claims.username.slice(0, 64);
  const parsed = displayNameSchema.safeParse(wanted);
  if (parsed.success && !isReservedName(parsed.data)) return parsed.data;
  return usernameCandidates(claims.username).next().value!;
}

/**
 * Usernames to try for a new SSO account, best first: the `username` claim made to fit the
 * username rule (letters without accents, digits, `_.-`, 3 to 24 of them; `reader` when nothing
 * usable or a staff word is left), then the same with `_2` … `_9`, then with random suffixes.
 */
export function* usernameCandidates(claim: string): Generator<string, void, undefined> {
  let stem = claim
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^[_.-]+|[_.-]+$/g, '')
    .slice(0, USERNAME_STEM_LENGTH);
  if (!usernameSchema.safeParse(stem).success || isReservedName(stem)) stem = 'reader';
  yield stem;
  for (let n = 2; n <= 9; n++) yield `${stem}_${n}`;
  for (let attempt = 0; attempt < 20; attempt++) {
    yield `${stem}_${Math.floor(Math.random() * 36 ** 6)
      .toString(36)
      .padStart(6, '0')}`;
  }
}

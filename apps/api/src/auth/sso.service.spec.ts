import { SignJWT } from 'jose';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import { AccountSettingsService } from './account-settings.service.js';
import { RateLimiterFactory } from '../common/rate-limiter.js';
import { CONFIG, loadConfig } from '../config/config.js';
import { user as userRow } from '../testing/fixtures.js';
import { unitModule, type DeepMocked } from '../testing/unit-module.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthService } from './auth.service.js';
import { SsoTokensRepository } from './sso-tokens.repository.js';
import { SSO_ATTEMPTS_PER_MINUTE, SsoService, ssoDisplayName, usernameCandidates } from './sso.service.js';

const OLD_SECRET = 'o'.repeat(32);
const NEW_SECRET = 'n'.repeat(40);

function token(secret: string, claims: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: 'host-1', username: 'ana', iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(secret));
}

describe(SsoService.name, () => {
  let users: DeepMocked<UsersRepository>;
  let usedTokens: DeepMocked<SsoTokensRepository>;
  let accounts: DeepMocked<AccountSettingsService>;

  /** The service with `secrets` as PARLEY_SSO_SECRET, its limiter in memory. */
  async function makeSut(secrets: string | undefined): Promise<SsoService> {
    const rateLimiters: Pick<RateLimiterFactory, 'create'> = {
      create: (name, points, duration) => new RateLimiterMemory({ keyPrefix: name, points, duration }),
    };
    const module = await unitModule(SsoService, [
      { provide: CONFIG, useValue: loadConfig(secrets === undefined ? {} : { PARLEY_SSO_SECRET: secrets }) },
      { provide: RateLimiterFactory, useValue: rateLimiters },
    ]);
    module.get(AuthService).startSession.mockResolvedValue('session-token');
    users = module.get(UsersRepository);
    usedTokens = module.get(SsoTokensRepository);
    accounts = module.get(AccountSettingsService);
    usedTokens.use.mockResolvedValue(true);
    usedTokens.prune.mockResolvedValue(undefined);
    return module.sut;
  }

  it('is off without PARLEY_SSO_SECRET, and says so with 404 auth/sso_not_configured', async () => {
    const sut = await makeSut(undefined);

    expect(sut.enabled).toBe(false);
    await expect(sut.verify(await token(NEW_SECRET))).rejects.toMatchObject({
      code: 'auth/sso_not_configured',
    });
    await expect(sut.signIn(await token(NEW_SECRET), '10.0.0.1')).rejects.toMatchObject({
      code: 'auth/sso_not_configured',
    });
  });

  it('during a rotation accepts either secret; after it, refuses the old one with auth/sso_invalid', async () => {
    const during = await makeSut(`${NEW_SECRET},${OLD_SECRET}`);
    const after = await makeSut(NEW_SECRET);

    await expect(during.verify(await token(OLD_SECRET))).resolves.toMatchObject({ sub: 'host-1' });
    await expect(during.verify(await token(NEW_SECRET))).resolves.toMatchObject({ sub: 'host-1' });
    await expect(after.verify(await token(NEW_SECRET))).resolves.toMatchObject({ sub: 'host-1' });
    await expect(after.verify(await token(OLD_SECRET))).rejects.toMatchObject({ code: 'auth/sso_invalid' });
  });

  it('refuses a token whose iat lies in the future (past a minute of clock skew), naming the claim', async () => {
    const now = Math.floor(Date.now() / 1000);
    const sut = await makeSut(NEW_SECRET);

    await expect(sut.verify(await token(NEW_SECRET, { iat: now + 30 }))).resolves.toBeDefined();
    await expect(sut.verify(await token(NEW_SECRET, { iat: now + 600 }))).rejects.toMatchObject({
      code: 'auth/sso_claim_invalid',
      details: { claim: 'iat' },
    });
  });

  it('takes exp up to 24 hours ahead, not beyond', async () => {
    const now = Math.floor(Date.now() / 1000);
    const sut = await makeSut(NEW_SECRET);

    await expect(sut.verify(await token(NEW_SECRET, { exp: now + 24 * 3600 }))).resolves.toBeDefined();
    await expect(sut.verify(await token(NEW_SECRET, { exp: now + 24 * 3600 + 3600 }))).rejects.toMatchObject({
      code: 'auth/sso_lifetime_too_long',
    });
  });

  it('records a jti until its token expires, and refuses one already recorded with auth/sso_replayed', async () => {
    const now = Math.floor(Date.now() / 1000);
    const sut = await makeSut(NEW_SECRET);
    usedTokens.use.mockResolvedValueOnce(true).mockResolvedValueOnce(false);
    const once = await token(NEW_SECRET, { jti: 'abc', exp: now + 600 });

    await sut.verify(once);
    await expect(sut.verify(once)).rejects.toMatchObject({ code: 'auth/sso_replayed' });
    expect(usedTokens.use).toHaveBeenCalledWith('abc', new Date((now + 600) * 1000));
    expect(usedTokens.prune).toHaveBeenCalledTimes(1);
  });

  it(`refuses the ${SSO_ATTEMPTS_PER_MINUTE + 1}th attempt a minute from one address with auth/rate_limited`, async () => {
    const sut = await makeSut(NEW_SECRET);
    const garbage = 'not-a-token';
    for (let attempt = 0; attempt < SSO_ATTEMPTS_PER_MINUTE; attempt++) {
      await expect(sut.signIn(garbage, '10.0.0.9')).rejects.toMatchObject({ code: 'auth/sso_invalid' });
    }
    await expect(sut.signIn(garbage, '10.0.0.9')).rejects.toMatchObject({ code: 'auth/rate_limited' });
    await expect(sut.signIn(garbage, '10.0.0.10')).rejects.toMatchObject({ code: 'auth/sso_invalid' });
  });

  it('links a new account under the next free name when the wanted one is taken', async () => {
    const sut = await makeSut(NEW_SECRET);
    users.findBySsoSubject.mockResolvedValue(undefined);
    users.createSsoUser
      .mockResolvedValueOnce(undefined)
      .mockResolvedValueOnce(
        userRow({ id: 'u', username: 'ana_2', displayName: 'ana', ssoSubject: 'host-9' }),
      );

    const user = await sut.linkAccount({ sub: 'host-9', username: 'ana', iat: 0, exp: 0 });

    expect(user).toMatchObject({ username: 'ana_2', ssoSubject: 'host-9' });
    expect(users.createSsoUser.mock.calls).toEqual([
      [{ username: 'ana', displayName: 'ana', ssoSubject: 'host-9' }],
      [{ username: 'ana_2', displayName: 'ana', ssoSubject: 'host-9' }],
    ]);
  });

  it('takes the email claim as a verified address, and signs in anyway when another account confirmed it', async () => {
    const sut = await makeSut(NEW_SECRET);
    const reader = userRow({ id: 'u', displayName: 'ana' });
    users.findBySsoSubject.mockResolvedValue(reader);
    accounts.setVerifiedEmail
      .mockResolvedValueOnce({ ...reader, email: 'ana@example.org', emailVerifiedAt: new Date(0) })
      .mockResolvedValueOnce(null);
    const claims = { sub: 'host-9', username: 'ana', email: 'ana@example.org', iat: 0, exp: 0 };

    await expect(sut.linkAccount(claims)).resolves.toMatchObject({ email: 'ana@example.org' });
    await expect(sut.linkAccount(claims)).resolves.toMatchObject({ id: 'u', email: null });
    expect(accounts.setVerifiedEmail.mock.calls).toEqual([
      ['u', 'ana@example.org'],
      ['u', 'ana@example.org'],
    ]);
  });
});

describe('usernameCandidates', () => {
  it.each([
    ['ana', 'ana'],
    ['Zoë de la Cruz', 'Zoe_de_la_Cruz'],
    ['ana@example.org', 'ana_example.org'],
    ['a-very-long-host-username-that-goes-on', 'a-very-long-host-usernam'],
    ['李', 'reader'],
    ['x', 'reader'],
    ['the_admin', 'reader'],
  ])('makes %j into %j first, then numbered and random ones within the rule', (claim, first) => {
    const names = [...usernameCandidates(claim)];

    expect(names[0]).toBe(first);
    expect(names[1]).toBe(`${first}_2`);
    expect(new Set(names).size).toBeGreaterThan(20);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_.-]{3,32}$/);
  });
});

describe('ssoDisplayName', () => {
  it('takes displayName, else the username claim, but never a staff word', () => {
    expect(ssoDisplayName({ username: 'ana', displayName: 'Ana Lopez' })).toBe('Ana Lopez');
    expect(ssoDisplayName({ username: 'Ana Lopez' })).toBe('Ana Lopez');
    expect(ssoDisplayName({ username: 'ana', displayName: 'Site Admin' })).toBe('ana');
  });
});

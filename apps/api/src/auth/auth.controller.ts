import { Body, Controller, Inject, Req, Res } from '@nestjs/common';
import type { User } from '@parley/db';
import {
  type AuthOptions,
  type LoginRequest,
  type Me,
  type SessionUser,
  type RegisterRequest,
  type SsoRequest,
  type TokenSignInResponse,
} from '@parley/shared';
import type { Response } from 'express';
import { AccountSettingsService } from './account-settings.service.js';
import { Route } from '../common/route.js';
import { CONFIG, type Config } from '../config/config.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { CurrentUser, type AuthedRequest } from './access.js';
import { AuthService, SESSION_TTL_MS, toMe, type SignedIn as StartedSession } from './auth.service.js';
import { SESSION_COOKIE } from './session-cookie.js';
import { SsoService } from './sso.service.js';

@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sso: SsoService,
    private readonly accounts: AccountSettingsService,
    private readonly realtime: RealtimeService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Public: how readers may sign in (the embed asks its host page to sign in when `sso`). */
  @Route('getAuthOptions')
  options(): AuthOptions {
    return { sso: this.sso.enabled };
  }

  @Route('register')
  async register(
    @Body() input: RegisterRequest,
    @Req() request: AuthedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Me | TokenSignInResponse> {
    // The sign-up limit is charged before anything is looked up, and a taken address answers like a
    // free one (its owner is told by mail), so registration tells nobody which addresses have accounts.
    const started = await this.auth.register(input, request.ip ?? 'unknown', request.header('user-agent'));
    if (input.email) {
      await this.accounts.addEmailAtRegistration(started.user.id, input.email);
      started.user = { ...started.user, email: input.email, emailVerifiedAt: null };
    }
    return this.answer(started, input.token, response);
  }

  @Route('login')
  async login(
    @Body() input: LoginRequest,
    @Req() request: AuthedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Me | TokenSignInResponse> {
    const started = await this.auth.login(input, request.ip ?? 'unknown', request.header('user-agent'));
    return this.answer(started, input.token, response);
  }

  /** Single sign-on: a JWT the host site signed (PARLEY_SSO_SECRET) for a bearer token; no cookie. */
  @Route('signInWithSso')
  async signInWithSso(
    @Body() input: SsoRequest,
    @Req() request: AuthedRequest,
  ): Promise<TokenSignInResponse> {
    const { user, token } = await this.sso.signIn(
      input.token,
      request.ip ?? 'unknown',
      request.header('user-agent'),
    );
    return { me: toMe(user), token };
  }

  @Route('logout')
  async logout(@Req() request: AuthedRequest, @Res({ passthrough: true }) response: Response): Promise<void> {
    const tokenHash = await this.auth.logout(request.sessionToken);
    if (tokenHash) this.realtime.endSessions([tokenHash], 'signed out');
    // A bearer sign-out ends that token's session; a cookie the browser may also hold is another one.
    if (request.sessionFrom !== 'bearer') response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Route('getMe')
  me(@CurrentUser() user: User | null): SessionUser {
    return { user: user ? toMe(user) : null };
  }

  /** `{ me, token }` and no cookie when the client asked for a token (a page on another site), else the cookie. */
  private answer(
    { user, token }: StartedSession,
    wantsToken: boolean | undefined,
    response: Response,
  ): Me | TokenSignInResponse {
    if (wantsToken) return { me: toMe(user), token };
    this.setCookie(response, token);
    return toMe(user);
  }

  private setCookie(response: Response, token: string): void {
    response.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.secureCookies,
      path: '/',
      maxAge: SESSION_TTL_MS,
    });
  }
}

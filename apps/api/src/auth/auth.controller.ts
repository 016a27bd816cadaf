import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { User } from '@parley/db';
import {
  loginRequestSchema,
  registerRequestSchema,
  type LoginRequest,
  type Me,
  type RegisterRequest,
} from '@parley/shared';
import type { Response } from 'express';
import { AccountsService } from '../accounts/accounts.service.js';
import { AppError } from '../common/app-error.js';
import { ZodPipe } from '../common/zod.js';
import { CONFIG, type Config } from '../config/config.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { CurrentUser, SignedIn, type AuthedRequest } from './access.js';
import { AuthService, SESSION_COOKIE, SESSION_TTL_MS, toMe } from './auth.service.js';

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountsService,
    private readonly realtime: RealtimeService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post('register')
  async register(
    @Body(new ZodPipe(registerRequestSchema)) input: RegisterRequest,
    @Req() request: AuthedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Me> {
    // Checked first, so a taken address costs no account.
    if (input.email && (await this.accounts.emailInUse(input.email))) {
      throw new AppError('auth/email_taken', undefined, undefined, { email: 'is used by another account' });
    }
    const { user, token } = await this.auth.register(input, request.ip ?? 'unknown');
    this.setCookie(response, token);
    if (!input.email) return toMe(user);
    await this.accounts.addEmailAtRegistration(user.id, input.email);
    return toMe({ ...user, email: input.email, emailVerifiedAt: null });
  }

  @Post('login')
  @HttpCode(200)
  async login(
    @Body(new ZodPipe(loginRequestSchema)) input: LoginRequest,
    @Req() request: AuthedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Me> {
    const { user, token } = await this.auth.login(input, request.ip ?? 'unknown');
    this.setCookie(response, token);
    return toMe(user);
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: AuthedRequest, @Res({ passthrough: true }) response: Response): Promise<void> {
    const tokenHash = await this.auth.logout(request.sessionToken);
    if (tokenHash) this.realtime.endSessions([tokenHash], 'signed out');
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @SignedIn()
  me(@CurrentUser() user: User): Me {
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

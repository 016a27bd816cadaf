import { Body, Controller, Query, Req, Res } from '@nestjs/common';
import type { User } from '@parley/db';
import { type Me, type UpdateMeRequest } from '@parley/shared';
import type { Request, Response } from 'express';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { CurrentUser } from './access.js';
import { toMe } from './auth.service.js';
import { Route } from '../common/route.js';
import { AppError } from '../common/app-error.js';
import { addressKey } from '../common/client-address.js';
import { RateLimiterFactory, charge } from '../common/rate-limiter.js';
import { escapeHtml } from '../mail/mail-templates.js';
import { answerPage } from '../mail/result-page.js';
import { AccountSettingsService, type VerificationResult } from './account-settings.service.js';

const VERIFICATION_PAGES: Record<VerificationResult, [string, string]> = {
  verified: ['Email confirmed', 'Thank you: your email address is confirmed.'],
  used: [
    'Link already used',
    'This link was already used. Your email address may already be confirmed; see your account settings.',
  ],
  expired: [
    'Link expired',
    'This link is more than 24 hours old. Ask for a new one from your account settings.',
  ],
  unknown: ['Link not valid', 'This link is not valid. Ask for a new one from your account settings.'],
  changed: [
    'Address changed',
    'The account now has another email address; confirm that one with the newer link.',
  ],
  taken: [
    'Address already confirmed',
    'Another account has confirmed this email address, so this link cannot confirm it.',
  ],
};

/** Confirmations per address per hour (a token is unguessable; this bounds the writes all the same). */
const CONFIRMATIONS_PER_HOUR = 60;

@Controller()
export class AccountSettingsController {
  private readonly confirmationsByAddress: RateLimiterAbstract;

  constructor(
    private readonly accounts: AccountSettingsService,
    limiters: RateLimiterFactory,
  ) {
    this.confirmationsByAddress = limiters.create('email-confirmations', CONFIRMATIONS_PER_HOUR, 3600);
  }

  /** Change one's email (it becomes unverified and a link is sent) and/or display name. */
  @Route('updateMe')
  async update(@Body() body: UpdateMeRequest, @CurrentUser() user: User): Promise<Me> {
    return toMe(await this.accounts.updateMe(user, body));
  }

  /**
   * The link in the verification mail: a page whose button confirms (the POST below). A GET changes
   * nothing, since mail scanners open every link; a link that no longer works says so at once.
   */
  @Route('verifyEmailPage')
  async verifyPage(
    @Query() query: { token: string },
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const state = await this.accounts.checkVerification(query.token);
    if (state !== 'usable') return this.failed(request, response, state);
    const form = `<form method="post" action="/api/auth/verify-email?token=${escapeHtml(encodeURIComponent(query.token))}">
<button type="submit">Confirm my email address</button></form>`;
    answerPage(
      request,
      response,
      200,
      {
        title: 'Confirm your email',
        message: 'Confirm this email address for your comments account?',
        extra: form,
      },
      { confirm: 'POST /api/auth/verify-email?token=…' },
    );
  }

  /** The page's button: confirms the address (single use, 24 h); no session needed. */
  @Route('verifyEmail')
  async verify(
    @Query() query: { token: string },
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const allowance = await charge(this.confirmationsByAddress, addressKey(request.ip ?? 'unknown'));
    if (!allowance.allowed) {
      throw new AppError(
        'auth/rate_limited',
        { retryAfterSeconds: allowance.retryAfterSeconds },
        'Too many confirmations from this address. Please try again later.',
      );
    }
    const result = await this.accounts.verifyEmail(query.token);
    if (result !== 'verified') return this.failed(request, response, result);
    const [title, message] = VERIFICATION_PAGES.verified;
    answerPage(request, response, 200, { title, message }, { verified: true });
  }

  private failed(
    request: Request,
    response: Response,
    reason: Exclude<VerificationResult, 'verified'>,
  ): void {
    const [title, message] = VERIFICATION_PAGES[reason];
    const error = new AppError('auth/verification_failed', { reason });
    answerPage(request, response, error.status, { title, message }, error.toBody());
  }
}

import { Body, Controller, Query, Req, Res } from '@nestjs/common';
import type { User } from '@parley/db';
import { type Me, type UpdateMeRequest } from '@parley/shared';
import type { Request, Response } from 'express';
import { CurrentUser } from './access.js';
import { toMe } from './auth.service.js';
import { Route } from '../common/route.js';
import { AppError } from '../common/app-error.js';
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
};

@Controller()
export class AccountSettingsController {
  constructor(private readonly accounts: AccountSettingsService) {}

  /** Change one's email (it becomes unverified and a link is sent) and/or display name. */
  @Route('updateMe')
  async update(@Body() body: UpdateMeRequest, @CurrentUser() user: User): Promise<Me> {
    return toMe(await this.accounts.updateMe(user, body));
  }

  /** Opened from the email: a small page that says what happened (single use, 24 h). */
  @Route('verifyEmail')
  async verify(
    @Query() query: { token: string },
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const result = await this.accounts.verifyEmail(query.token);
    const [title, message] = VERIFICATION_PAGES[result];
    if (result === 'verified') {
      answerPage(request, response, 200, { title, message }, { verified: true });
      return;
    }
    const error = new AppError('auth/verification_failed', { reason: result });
    answerPage(request, response, error.status, { title, message }, error.toBody());
  }
}

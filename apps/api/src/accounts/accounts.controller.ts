import { Body, Controller, Get, Patch, Query, Res } from '@nestjs/common';
import type { User } from '@parley/db';
import { updateMeRequestSchema, verifyEmailQuerySchema, type Me, type UpdateMeRequest } from '@parley/shared';
import type { Response } from 'express';
import { CurrentUser, SignedIn } from '../auth/access.js';
import { toMe } from '../auth/auth.service.js';
import { ZodPipe } from '../common/zod.js';
import { resultPage } from '../notifications/result-page.js';
import { AccountsService, type VerificationResult } from './accounts.service.js';

const VERIFICATION_PAGES: Record<VerificationResult, [number, string, string]> = {
  verified: [200, 'Email confirmed', 'Thank you: your email address is confirmed.'],
  used: [410, 'Link already used', 'This link was already used. Your email address may already be confirmed; see your account settings.'],
  expired: [410, 'Link expired', 'This link is more than 24 hours old. Ask for a new one from your account settings.'],
  unknown: [404, 'Link not valid', 'This link is not valid. Ask for a new one from your account settings.'],
  changed: [409, 'Address changed', 'The account now has another email address; confirm that one with the newer link.'],
};

@Controller('api/auth')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  /** Change one's email (it becomes unverified and a link is sent) and/or display name. */
  @Patch('me')
  @SignedIn()
  async update(
    @Body(new ZodPipe(updateMeRequestSchema)) body: UpdateMeRequest,
    @CurrentUser() user: User,
  ): Promise<Me> {
    return toMe(await this.accounts.updateMe(user, body));
  }

  /** Opened from the email: a small page that says what happened (single use, 24 h). */
  @Get('verify-email')
  async verify(
    @Query(new ZodPipe(verifyEmailQuerySchema, 'query')) query: { token: string },
    @Res() response: Response,
  ): Promise<void> {
    const [status, title, message] = VERIFICATION_PAGES[await this.accounts.verifyEmail(query.token)];
    response.status(status).type('html').send(resultPage(title, message));
  }
}

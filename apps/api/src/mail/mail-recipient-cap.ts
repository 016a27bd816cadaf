import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterFactory, charge } from '../common/rate-limiter.js';
import { CONFIG, type Config } from '../config/config.js';

const DAY_SECONDS = 24 * 3600;

/**
 * Who an address reaches, as the cap counts it: lower-cased, and without a `+tag` sub-address
 * (`ann+1@x.org` and `Ann@X.org` are one mailbox), hashed so that no address sits in Redis or a
 * log in clear.
 */
export function recipientKey(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  const local = at < 0 ? lower : lower.slice(0, at);
  const plus = local.indexOf('+');
  const mailbox = plus > 0 ? local.slice(0, plus) : local;
  return createHash('sha256')
    .update(at < 0 ? mailbox : `${mailbox}${lower.slice(at)}`)
    .digest('hex');
}

/** A recipient as a log line may name it: the start of its key, never the address. */
export function recipientLabel(key: string): string {
  return `recipient#${key.slice(0, 12)}`;
}

/** What taking a place under the cap gave: the recipient's key, and whether this mail may go. */
export interface RecipientAllowance {
  key: string;
  allowed: boolean;
}

/**
 * PARLEY_MAIL_PER_RECIPIENT_PER_DAY: mails one address may be sent in a day, every kind together,
 * counted on every node through Redis when there is one. A place is taken before the send (so
 * parallel sends cannot all slip through) and given back when the send fails: only sent mail counts.
 */
@Injectable()
export class MailRecipientCap {
  private readonly limiter: RateLimiterAbstract;
  readonly perDay: number;

  constructor(@Inject(CONFIG) config: Config, limiters: RateLimiterFactory) {
    this.perDay = config.mail?.perRecipientPerDay ?? 1;
    this.limiter = limiters.create('mail-recipient', this.perDay, DAY_SECONDS);
  }

  async take(address: string): Promise<RecipientAllowance> {
    const key = recipientKey(address);
    const { allowed } = await charge(this.limiter, key);
    return { key, allowed };
  }

  /** A mail that was not sent after all does not count. */
  async giveBack(key: string): Promise<void> {
    await this.limiter.reward(key, 1);
  }
}

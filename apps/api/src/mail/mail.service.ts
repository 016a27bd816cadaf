import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { CONFIG, type Config } from '../config/config.js';
import { Metrics } from '../metrics/metrics.js';
import { MailRecipientCap, recipientLabel } from './mail-recipient-cap.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per notification, so a resend after a crash can be recognised as the same message. */
  messageId?: string;
  headers?: Record<string, string>;
}

/** Bounds on every SMTP conversation: a dead or silent server fails a send, never hangs it. */
const SMTP_TIMEOUTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 20_000,
  dnsTimeout: 5_000,
};

/** What became of a mail: sent, or dropped because its recipient had their day's mail already. */
export type MailOutcome = 'sent' | 'capped';

/**
 * The only code that talks SMTP, so every kind of mail passes the per-recipient cap here. Sending
 * throws on failure (the outbox retries); nothing here ever crashes the process. Without SMTP_URL
 * it is disabled and says so once at start.
 */
@Injectable()
export class MailService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private transporter: Transporter | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly cap: MailRecipientCap,
    private readonly metrics: Metrics,
  ) {}

  get enabled(): boolean {
    return this.config.mail !== undefined;
  }

  /** Host of the Message-IDs: the public site's, else the sender's domain. */
  get messageHost(): string {
    if (this.config.publicUrl) return new URL(this.config.publicUrl).hostname;
    const from = this.config.mail?.from ?? 'parley@localhost';
    return /@([^>\s]+)/.exec(from)?.[1] ?? 'localhost';
  }

  onModuleInit(): void {
    if (!this.config.mail) {
      this.logger.log('SMTP_URL is not set: no email is sent and email options are hidden.');
      return;
    }
    this.transporter = nodemailer.createTransport({
      url: this.config.mail.smtpUrl,
      ...SMTP_TIMEOUTS,
    } as never);
    // A transport error outside a send (a pooled socket dying) must not become an uncaught 'error'.
    this.transporter.on('error', (error: Error) => this.logger.warn(`SMTP: ${error.message}`));
    if (!this.config.publicUrl) {
      this.logger.warn('PARLEY_PUBLIC_URL is not set: links in emails are relative and will not work.');
    }
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }

  /**
   * Sends one mail, unless its recipient was sent PARLEY_MAIL_PER_RECIPIENT_PER_DAY already: then it
   * is dropped ('capped', never retried; notifications stay under the bell). A failed send throws
   * and does not count against the cap.
   */
  async send(mail: OutgoingMail): Promise<MailOutcome> {
    if (!this.transporter || !this.config.mail) throw new Error('email is not configured (SMTP_URL)');
    const allowance = await this.cap.take(mail.to);
    if (!allowance.allowed) {
      this.metrics.mailDeliveries.inc({ outcome: 'capped' });
      this.logger.warn(
        `not sent: ${recipientLabel(allowance.key)} was sent ${this.cap.perDay} emails in the last day (PARLEY_MAIL_PER_RECIPIENT_PER_DAY)`,
      );
      return 'capped';
    }
    try {
      await this.transporter.sendMail({
        from: this.config.mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: mail.headers,
      });
    } catch (error) {
      this.metrics.mailDeliveries.inc({ outcome: 'failed' });
      await this.cap.giveBack(allowance.key).catch(() => undefined);
      throw error;
    }
    this.metrics.mailDeliveries.inc({ outcome: 'sent' });
    return 'sent';
  }
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { isVisible } from '@parley/shared';
import { isLocale, type Locale } from '@parley/shared/i18n';
import { Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor } from '../database/transaction-runner.js';
import { MailSecretRepository } from '../mail/mail-secret.repository.js';
import {
  renderDigestMail,
  renderNotificationMail,
  renderRegistrationAttemptMail,
  renderVerificationMail,
  type MailItem,
} from '../mail/mail-templates.js';
import { MailService } from '../mail/mail.service.js';
import { signUnsubscribeToken } from '../mail/unsubscribe-tokens.js';
import { OutboxHandlers, OutboxPermanentError } from '../outbox/outbox-handlers.js';
import { MailJobs, type MailJob } from '../mail/mail-jobs.js';
import { NotificationsRepository, type NotificationRow } from './notifications.repository.js';
import { commentPermalink } from '../common/permalink.js';

type Job<T extends MailJob['type']> = Extract<MailJob, { type: T }>;

const HOUR_MS = 3600_000;
/** Most notifications one digest lists; the rest wait for the next one. */
const DIGEST_LIMIT = 50;

/** The hour a moment falls in, as the digest slot key: `2026-11-30T14`. */
export function slotOf(moment: Date): string {
  return moment.toISOString().slice(0, 13);
}

/**
 * The outbox handlers of every email: one notification, a digest, the hourly digest pass and the
 * verification link. They run on the outbox workers of every node; each is at-least-once, and every
 * message carries a stable Message-ID so a resend after a crash can be recognised.
 */
@Injectable()
export class NotificationMailer implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('NotificationMail');

  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly mail: MailService,
    private readonly notifications: NotificationsRepository,
    private readonly secrets: MailSecretRepository,
    private readonly jobs: MailJobs,
    private readonly clock: Clock,
    @Inject(KYSELY) private readonly db: Executor,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onModuleInit(): void {
    // Without SMTP no handler runs here: rows wait for a node that can send (none are written anyway).
    if (!this.mail.enabled) return;
    this.handlers.register<Job<'mail.notification'>>('mail.notification', (job) =>
      this.sendNotification(job.notificationId),
    );
    this.handlers.register<Job<'mail.digest'>>('mail.digest', (job) => this.sendDigest(job.userId, job.slot));
    this.handlers.register<Job<'mail.digest_tick'>>('mail.digest_tick', (job) =>
      this.assembleDigests(job.slot),
    );
    this.handlers.register<Job<'mail.verify_email'>>('mail.verify_email', (job) =>
      this.sendVerification(job.email, job.token, job.userId),
    );
    this.handlers.register<Job<'mail.registration_attempt'>>('mail.registration_attempt', (job) =>
      this.sendRegistrationAttempt(job.userId),
    );
  }

  /** The first hourly pass; every pass enqueues the next, and the dedupe key keeps one per hour across nodes. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.mail.enabled) return;
    await this.secrets.getOrCreate();
    await this.scheduleTick(this.nextHour(this.clock.now()));
  }

  private nextHour(moment: Date): Date {
    return new Date(Math.floor(moment.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS);
  }

  private async scheduleTick(at: Date): Promise<void> {
    await this.jobs.enqueue(this.db, { type: 'mail.digest_tick', slot: slotOf(at) }, at);
  }

  async sendNotification(notificationId: string): Promise<void> {
    const [row] = await this.notifications.findByIds([notificationId]);
    // Gone, already sent, or unsubscribed since: nothing to do.
    if (!row || !row.byEmail || row.emailedAt) return;
    if (row.kind !== 'decision' && !isVisible({ status: row.commentStatus })) return;
    const { to, locale } = await this.recipientOf(row.userId);
    if (!to) return;
    const rendered = renderNotificationMail(this.itemOf(row), await this.unsubscribeUrl(row.userId), locale);
    await this.mail.send({
      to,
      ...rendered,
      messageId: `<notification-${row.id}@${this.mail.messageHost}>`,
      headers: await this.listHeaders(row.userId),
    });
    await this.notifications.markEmailed([row.id]);
  }

  async sendDigest(userId: string, slot: string): Promise<void> {
    const rows = (await this.notifications.owedByEmail(userId, DIGEST_LIMIT)).filter(
      (row) => row.kind === 'decision' || isVisible({ status: row.commentStatus }),
    );
    const { to, locale } = await this.recipientOf(userId);
    if (rows.length === 0 || !to) return;
    const rendered = renderDigestMail(
      rows.map((row) => this.itemOf(row)),
      await this.unsubscribeUrl(userId),
      locale,
    );
    await this.mail.send({
      to,
      ...rendered,
      messageId: `<digest-${userId}-${slot}@${this.mail.messageHost}>`,
      headers: await this.listHeaders(userId),
    });
    await this.notifications.markEmailed(rows.map((row) => row.id));
  }

  /** The hourly pass: a digest row for every hourly reader with mail owed, and daily readers whose hour it is. */
  async assembleDigests(slot: string): Promise<void> {
    const hour = Number(slot.slice(11, 13));
    const users = [
      ...(await this.notifications.digestRecipients('hourly', hour)),
      ...(await this.notifications.digestRecipients('daily', hour)),
    ];
    for (const userId of new Set(users))
      await this.jobs.enqueue(this.db, { type: 'mail.digest', userId, slot });
    await this.scheduleTick(this.nextHour(new Date(`${slot}:00:00.000Z`)));
  }

  async sendVerification(email: string, token: string, userId: string): Promise<void> {
    const url = `${this.config.publicUrl ?? ''}/api/auth/verify-email?token=${encodeURIComponent(token)}`;
    const { locale } = await this.recipientOf(userId);
    await this.mail.send({ to: email, ...renderVerificationMail(url, locale) });
  }

  /** To the confirmed address of the account, as it is when the mail goes (it may have changed). */
  async sendRegistrationAttempt(ownerId: string): Promise<void> {
    const { to, locale } = await this.recipientOf(ownerId);
    if (!to) return;
    await this.mail.send({ to, ...renderRegistrationAttemptMail(this.config.publicUrl ?? '', locale) });
  }

  /** Where a reader's mail goes (null: nowhere) and in which language: theirs, else the site's. */
  private async recipientOf(userId: string): Promise<{ to: string | null; locale: Locale }> {
    const recipient = await this.notifications.recipient(userId);
    if (!recipient) throw new OutboxPermanentError('the recipient no longer exists');
    return {
      to: recipient.status === 'banned' ? null : recipient.verifiedEmail,
      locale: isLocale(recipient.locale) ? recipient.locale : this.config.defaultLocale,
    };
  }

  private itemOf(row: NotificationRow): MailItem {
    return {
      kind: row.kind,
      decision: row.decision,
      actorName: row.actorDisplayName,
      storyTitle: row.storyTitle,
      commentBody: row.commentBody,
      permalink: commentPermalink(row.commentId, { url: row.storyUrl }, this.config.publicUrl),
    };
  }

  private async unsubscribeUrl(userId: string): Promise<string> {
    const token = signUnsubscribeToken(await this.secrets.getOrCreate(), userId);
    return `${this.config.publicUrl ?? ''}/api/unsubscribe?token=${token}`;
  }

  /** RFC 8058 one-click unsubscribe, with RFC 2369's List-Unsubscribe. */
  private async listHeaders(userId: string): Promise<Record<string, string>> {
    return {
      'List-Unsubscribe': `<${await this.unsubscribeUrl(userId)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
  }
}

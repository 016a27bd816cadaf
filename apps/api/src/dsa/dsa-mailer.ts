import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { isLocale, type Locale } from '@parley/shared/i18n';
import { commentPermalink } from '../common/permalink.js';
import { CONFIG, type Config } from '../config/config.js';
import type { RenderedMail } from '../mail/mail-templates.js';
import { MailService } from '../mail/mail.service.js';
import { OutboxHandlers, OutboxPermanentError } from '../outbox/outbox-handlers.js';
import type { DsaMailJob } from './dsa-mail-queue.js';
import {
  renderAppealDecided,
  renderAppealReceived,
  renderNoticeDecided,
  renderNoticeReceived,
  renderStatementOfReasons,
  type DecisionFacts,
  type NoticeFacts,
} from './dsa-mail-templates.js';
import { appealUntil } from './dsa.mapper.js';
import { DsaRepository } from './dsa.repository.js';

type MailFacts = NonNullable<Awaited<ReturnType<DsaRepository['mailFacts']>>>;

/**
 * Sends the notice-and-action mails (the outbox's `mail.dsa` rows): to the notifier at the address
 * they gave (or their account's confirmed one), to the author at their confirmed address. These are
 * duties under the Act, not notifications: no preference turns them off, but every one still passes
 * `MailService.send` and its per-recipient daily cap.
 */
@Injectable()
export class DsaMailer implements OnModuleInit {
  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly mail: MailService,
    private readonly dsa: DsaRepository,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onModuleInit(): void {
    if (!this.mail.enabled) return;
    this.handlers.register<DsaMailJob>('mail.dsa', (job) => this.send(job));
  }

  /** Where a party reads the decision and appeals: the site's appeal page (with the notifier's token, when known). */
  appealUrl(noticeId: string, token?: string): string {
    const query = token ? `?token=${encodeURIComponent(token)}` : '';
    return `${this.config.publicUrl ?? ''}/appeal/${noticeId}${query}`;
  }

  async send(job: DsaMailJob): Promise<void> {
    const facts = await this.dsa.mailFacts(job.noticeId);
    if (!facts) throw new OutboxPermanentError('the notice no longer exists');
    const appeal = job.appealId ? await this.dsa.appealView(job.appealId) : undefined;
    if (job.appealId && !appeal) throw new OutboxPermanentError('the appeal no longer exists');
    const notifierAddress = facts.notifierEmail ?? facts.notifierAccountEmail;
    // Each in their own language: the author's saved one; the notifier's saved one, else the
    // language they filed the notice in (a visitor has no other); else the site's.
    const authorLocale = this.localeOf(facts.authorLocale);
    const notifierLocale = this.localeOf(facts.notifierAccountLocale, facts.locale);
    const notice: NoticeFacts = {
      id: facts.id,
      category: facts.category,
      permalink: facts.commentId
        ? commentPermalink(facts.commentId, { url: facts.storyUrl }, this.config.publicUrl)
        : null,
      receivedAt: facts.receivedAt,
    };
    let to: string | null;
    let rendered: RenderedMail;
    switch (job.message) {
      case 'notice_received':
        to = notifierAddress;
        rendered = renderNoticeReceived(
          notice,
          job.appealToken ? this.appealUrl(facts.id, job.appealToken) : null,
          notifierLocale,
        );
        break;
      case 'notice_decided':
        to = notifierAddress;
        // The token is stored hashed: a visitor's link is the one in their acknowledgement.
        rendered = renderNoticeDecided(
          notice,
          decisionFacts(facts),
          facts.notifierUserId ? this.appealUrl(facts.id) : null,
          notifierLocale,
        );
        break;
      case 'statement_of_reasons':
        to = facts.authorEmail;
        rendered = renderStatementOfReasons(
          notice,
          decisionFacts(facts),
          this.appealUrl(facts.id),
          authorLocale,
        );
        break;
      case 'appeal_received':
        to = appeal!.appellant === 'author' ? facts.authorEmail : notifierAddress;
        rendered = renderAppealReceived(
          facts.id,
          appeal!.appellant === 'author' ? authorLocale : notifierLocale,
        );
        break;
      case 'appeal_decided':
        to = appeal!.appellant === 'author' ? facts.authorEmail : notifierAddress;
        rendered = renderAppealDecided(
          facts.id,
          appeal!.outcome!,
          appeal!.explanation ?? '',
          appeal!.appellant === 'author' ? authorLocale : notifierLocale,
        );
        break;
    }
    // Nobody to write to (an anonymous notifier, an author without a confirmed address): nothing owed.
    if (!to) return;
    await this.mail.send({
      to,
      ...rendered,
      messageId: `<dsa-${job.message}-${job.appealId ?? job.noticeId}@${this.mail.messageHost}>`,
    });
  }

  /** The first of these that Parley speaks, else the site's language. */
  private localeOf(...candidates: (string | null)[]): Locale {
    return candidates.find(isLocale) ?? this.config.defaultLocale;
  }
}

function decisionFacts(facts: MailFacts): DecisionFacts {
  if (!facts.decidedAt || !facts.action) throw new OutboxPermanentError('the notice is not decided');
  return {
    action: facts.action,
    facts: facts.facts ?? '',
    ground: facts.ground ?? '',
    automated: facts.automated ?? false,
    redress: facts.redress ?? '',
    decidedAt: facts.decidedAt,
    appealUntil: appealUntil(facts.decidedAt),
  };
}

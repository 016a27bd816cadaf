import {
  dsaActionKey,
  dsaCategoryKey,
  dsaOutcomeKey,
  type DsaAction,
  type DsaAppealOutcome,
  type DsaCategory,
} from '@parley/shared';
import { localeDirection, type Locale, type MessageValues } from '@parley/shared/i18n';
import { catalogues } from '../i18n/catalogues.js';
import { escapeHtml, type RenderedMail } from '../mail/mail-templates.js';
import { redressIn } from './dsa-redress.js';

/**
 * The words of the notice-and-action mails in the recipient's language: sentences from mail.json
 * (`mail.dsa.*`); category, action and outcome names from the one list the reader's pages show
 * (reader.json `dsa.*`); moments in UTC, said so, since the mail cannot know the reader's zone.
 */
interface Words {
  locale: Locale;
  t: (key: string, values?: MessageValues) => string;
  name: (key: string) => string;
  day: (moment: Date) => string;
  moment: (moment: Date) => string;
}

function wordsIn(locale: Locale): Words {
  const mail = catalogues.translator(locale, 'mail');
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const moment = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'long', timeZone: 'UTC' });
  return {
    locale,
    t: (key, values) => mail(`mail.dsa.${key}`, values),
    name: catalogues.translator(locale, 'reader'),
    day: (at) => day.format(at),
    moment: (at) => moment.format(at),
  };
}

/** A DSA mail as paragraphs: the same words in the text and the HTML part. */
function render(words: Words, subject: string, paragraphs: string[]): RenderedMail {
  const text = `${paragraphs.join('\n\n')}\n`;
  const html = `<!doctype html><html lang="${words.locale}" dir="${localeDirection(words.locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:600px;margin:0 auto;padding:16px">
${paragraphs.map((paragraph) => `<p style="white-space:pre-wrap" dir="auto">${escapeHtml(paragraph)}</p>`).join('\n')}
</body></html>`;
  return { subject, text, html };
}

export interface NoticeFacts {
  id: string;
  category: DsaCategory;
  permalink: string | null;
  receivedAt: Date;
}

export interface DecisionFacts {
  action: DsaAction;
  facts: string;
  ground: string;
  automated: boolean;
  redress: string;
  decidedAt: Date;
  appealUntil: Date;
}

const where = (notice: NoticeFacts, words: Words) =>
  notice.permalink ? words.t('comment', { url: notice.permalink }) : words.t('commentGone');

/** To the notifier: receipt of their notice (Art. 16(4)). */
export function renderNoticeReceived(
  notice: NoticeFacts,
  appealUrl: string | null,
  locale: Locale,
): RenderedMail {
  const words = wordsIn(locale);
  return render(words, words.t('received.subject'), [
    words.t('received.when', { id: notice.id, time: words.moment(notice.receivedAt) }),
    words.t('received.category', { category: words.name(dsaCategoryKey(notice.category)) }),
    where(notice, words),
    words.t('received.next'),
    ...(appealUrl ? [words.t('received.keep', { url: appealUrl })] : []),
  ]);
}

/** The statement of reasons' own lines (Art. 17(3)): what was decided, on which facts and ground, how, and the redress. */
function decisionLines(decision: DecisionFacts, words: Words): string[] {
  return [
    words.t('decision.action', {
      action: words.name(dsaActionKey(decision.action)),
      date: words.day(decision.decidedAt),
    }),
    words.t('decision.facts', { facts: decision.facts }),
    words.t('decision.ground', { ground: decision.ground }),
    words.t(decision.automated ? 'decision.automatedUsed' : 'decision.automatedNone'),
    words.t('decision.redress', { redress: redressIn(decision.redress, words.locale) }),
  ];
}

/** To the notifier: the decision on their notice and the redress open (Art. 16(5)). */
export function renderNoticeDecided(
  notice: NoticeFacts,
  decision: DecisionFacts,
  appealUrl: string | null,
  locale: Locale,
): RenderedMail {
  const words = wordsIn(locale);
  const date = words.day(decision.appealUntil);
  return render(words, words.t('decided.subject'), [
    words.t('decided.intro', { id: notice.id, category: words.name(dsaCategoryKey(notice.category)) }),
    where(notice, words),
    ...decisionLines(decision, words),
    // A visitor appeals through the link in their acknowledgement: its token is stored hashed.
    appealUrl
      ? words.t('decided.appealLink', { date, url: appealUrl })
      : words.t('decided.appealFromConfirmation', { date }),
  ]);
}

/** To the author: the statement of reasons for removing or restricting their comment (Art. 17). */
export function renderStatementOfReasons(
  notice: NoticeFacts,
  decision: DecisionFacts,
  appealUrl: string,
  locale: Locale,
): RenderedMail {
  const words = wordsIn(locale);
  return render(words, words.t('statement.subject'), [
    words.t('statement.intro', { category: words.name(dsaCategoryKey(notice.category)) }),
    where(notice, words),
    ...decisionLines(decision, words),
    words.t('statement.appeal', { date: words.day(decision.appealUntil), url: appealUrl }),
  ]);
}

/** To the appellant: receipt of their complaint (Art. 20). */
export function renderAppealReceived(noticeId: string, locale: Locale): RenderedMail {
  const words = wordsIn(locale);
  return render(words, words.t('appealReceived.subject'), [
    words.t('appealReceived.intro', { id: noticeId }),
    words.t('appealReceived.next'),
  ]);
}

/** To the appellant: the reasoned outcome (Art. 20(5)) and the out-of-court settlement open (Art. 21). */
export function renderAppealDecided(
  noticeId: string,
  outcome: DsaAppealOutcome,
  explanation: string,
  locale: Locale,
): RenderedMail {
  const words = wordsIn(locale);
  return render(words, words.t('appealDecided.subject'), [
    words.t('appealDecided.intro', { id: noticeId }),
    words.t('appealDecided.outcome', { outcome: words.name(dsaOutcomeKey(outcome)) }),
    words.t('appealDecided.reasons', { explanation }),
    words.t('appealDecided.further'),
  ]);
}

import {
  DSA_ACTION_LABELS,
  DSA_APPEAL_OUTCOME_LABELS,
  DSA_CATEGORY_LABELS,
  type DsaAction,
  type DsaAppealOutcome,
  type DsaCategory,
} from '@parley/shared';
import { escapeHtml, type RenderedMail } from '../mail/mail-templates.js';

/** A DSA mail as paragraphs: the same words in the text and the HTML part. */
function render(subject: string, paragraphs: string[]): RenderedMail {
  const text = `${paragraphs.join('\n\n')}\n`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:600px;margin:0 auto;padding:16px">
${paragraphs.map((paragraph) => `<p style="white-space:pre-wrap">${escapeHtml(paragraph)}</p>`).join('\n')}
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

const day = (moment: Date) => moment.toISOString().slice(0, 10);
const where = (notice: NoticeFacts) =>
  notice.permalink ? `The comment: ${notice.permalink}` : 'The comment is no longer available.';

export function renderNoticeReceived(notice: NoticeFacts, appealUrl: string | null): RenderedMail {
  return render('We received your notice of illegal content', [
    `We received your notice (reference ${notice.id}) on ${notice.receivedAt.toISOString()}.`,
    `Category: ${DSA_CATEGORY_LABELS[notice.category]}.`,
    where(notice),
    'A moderator will review it and tell you the decision by email.',
    ...(appealUrl
      ? [`Keep this email: once it is decided, you can appeal the decision here: ${appealUrl}`]
      : []),
  ]);
}

function decisionLines(decision: DecisionFacts): string[] {
  return [
    `Decision: ${DSA_ACTION_LABELS[decision.action]} (${day(decision.decidedAt)}).`,
    `Facts and circumstances: ${decision.facts}`,
    `Ground: ${decision.ground}`,
    `Automated means: ${decision.automated ? 'automated means were used in taking this decision' : 'no automated means were used; a moderator decided'}.`,
    `Redress: ${decision.redress}`,
  ];
}

export function renderNoticeDecided(
  notice: NoticeFacts,
  decision: DecisionFacts,
  appealUrl: string | null,
): RenderedMail {
  return render('The decision on your notice of illegal content', [
    `Your notice (reference ${notice.id}, ${DSA_CATEGORY_LABELS[notice.category]}) has been decided.`,
    where(notice),
    ...decisionLines(decision),
    `You may appeal this decision until ${day(decision.appealUntil)}${appealUrl ? `: ${appealUrl}` : ' from the site, signed in.'}`,
  ]);
}

export function renderStatementOfReasons(
  notice: NoticeFacts,
  decision: DecisionFacts,
  appealUrl: string,
): RenderedMail {
  return render('Statement of reasons: a decision about your comment', [
    `After a notice that your comment is illegal content (${DSA_CATEGORY_LABELS[notice.category]}), we decided to act on it. This is our statement of reasons (EU Digital Services Act, Article 17).`,
    where(notice),
    ...decisionLines(decision),
    `You may appeal this decision until ${day(decision.appealUntil)}, signed in: ${appealUrl}`,
  ]);
}

export function renderAppealReceived(noticeId: string): RenderedMail {
  return render('We received your appeal', [
    `We received your appeal against the decision on notice ${noticeId}.`,
    'A moderator other than the one who took the decision will review it, and we will tell you the outcome by email.',
  ]);
}

export function renderAppealDecided(
  noticeId: string,
  outcome: DsaAppealOutcome,
  explanation: string,
): RenderedMail {
  return render('The outcome of your appeal', [
    `Your appeal against the decision on notice ${noticeId} has been decided by a moderator who did not take the original decision.`,
    `Outcome: ${DSA_APPEAL_OUTCOME_LABELS[outcome]}.`,
    `Reasons: ${explanation}`,
    'You may also refer the dispute to a certified out-of-court dispute settlement body (Article 21) or go to court.',
  ]);
}

import { formatComment, type Block, type Inline } from '@parley/shared';
import type { NotifiedDecision, NotificationKind } from '@parley/db';
import { localeDirection, type Locale, type MessageValues } from '@parley/shared/i18n';
import { catalogues } from '../i18n/catalogues.js';

/** The words of one mail, from mail.json in the recipient's language (`mail.<key>`). */
type Words = (key: string, values?: MessageValues) => string;

function wordsIn(locale: Locale): Words {
  const translate = catalogues.translator(locale, 'mail');
  return (key, values) => translate(`mail.${key}`, values);
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function inlineHtml(node: Inline): string {
  switch (node.type) {
    case 'text':
      return escapeHtml(node.text);
    case 'break':
      return '<br>';
    case 'bold':
      return `<strong>${node.children.map(inlineHtml).join('')}</strong>`;
    case 'italic':
      return `<em>${node.children.map(inlineHtml).join('')}</em>`;
    case 'link':
      // formatComment keeps only http(s) links; the href is escaped like any attribute.
      return `<a href="${escapeHtml(node.href)}" rel="nofollow noopener">${escapeHtml(node.text)}</a>`;
  }
}

/** A comment as HTML through the same safe tree the web renders: nothing typed becomes markup. */
export function commentHtml(body: string): string {
  return formatComment(body)
    .map((block: Block) => {
      const inner = block.children.map(inlineHtml).join('');
      return block.type === 'quote'
        ? `<blockquote style="margin:0 0 12px;padding-left:12px;border-left:3px solid #ccc;color:#555">${inner}</blockquote>`
        : `<p style="margin:0 0 12px">${inner}</p>`;
    })
    .join('\n');
}

/** One notification as the email shows it. */
export interface MailItem {
  kind: NotificationKind;
  decision: NotifiedDecision | '';
  actorName: string | null;
  storyTitle: string;
  commentBody: string;
  permalink: string;
}

function headline(item: MailItem, t: Words): string {
  const values = { who: item.actorName ?? t('someone'), story: item.storyTitle };
  switch (item.kind) {
    case 'reply':
      return t('notification.reply', values);
    case 'staff_reply':
      return t('notification.staffReply', values);
    case 'decision':
      return item.decision === 'rejected'
        ? t('notification.rejected', values)
        : item.decision === 'featured'
          ? t('notification.featured', values)
          : t('notification.approved', values);
  }
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

function layout(title: string, sections: string, unsubscribeUrl: string, locale: Locale, t: Words): string {
  return `<!doctype html>
<html lang="${locale}" dir="${localeDirection(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:600px;margin:0 auto;padding:16px">
${sections}
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 12px">
<p style="font-size:13px;color:#666">${escapeHtml(t('footer.why'))}
<a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(t('footer.unsubscribeLink'))}</a>.</p>
</body></html>`;
}

function itemHtml(item: MailItem, t: Words): string {
  return `<h2 style="font-size:17px;margin:0 0 12px">${escapeHtml(headline(item, t))}</h2>
<div style="margin:0 0 12px">${commentHtml(item.commentBody)}</div>
<p style="margin:0 0 20px"><a href="${escapeHtml(item.permalink)}">${escapeHtml(t('notification.seeComment'))}</a></p>`;
}

function itemText(item: MailItem, t: Words): string {
  const quoted = item.commentBody
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return `${headline(item, t)}\n\n${quoted}\n\n${t('notification.seeComment')}: ${item.permalink}\n`;
}

function footerText(unsubscribeUrl: string, t: Words): string {
  return `\n--\n${t('footer.why')}\n${t('footer.unsubscribe')}: ${unsubscribeUrl}\n`;
}

export function renderNotificationMail(item: MailItem, unsubscribeUrl: string, locale: Locale): RenderedMail {
  const t = wordsIn(locale);
  const subject = headline(item, t);
  return {
    subject,
    text: itemText(item, t) + footerText(unsubscribeUrl, t),
    html: layout(subject, itemHtml(item, t), unsubscribeUrl, locale, t),
  };
}

export function renderDigestMail(items: MailItem[], unsubscribeUrl: string, locale: Locale): RenderedMail {
  const t = wordsIn(locale);
  const subject = items.length === 1 ? headline(items[0]!, t) : t('digest.subject', { count: items.length });
  return {
    subject,
    text: items.map((item) => itemText(item, t)).join('\n\n') + footerText(unsubscribeUrl, t),
    html: layout(subject, items.map((item) => itemHtml(item, t)).join('\n'), unsubscribeUrl, locale, t),
  };
}

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html><html lang="${locale}" dir="${localeDirection(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:600px;margin:0 auto;padding:16px">
${body}
</body></html>`;
}

export function renderVerificationMail(verifyUrl: string, locale: Locale): RenderedMail {
  const t = wordsIn(locale);
  const subject = t('verification.subject');
  const text = `${t('verification.intro')}:\n\n${verifyUrl}\n\n${t('verification.expiry')}\n`;
  const html = page(
    locale,
    subject,
    `<p>${escapeHtml(t('verification.intro'))}.</p>
<p><a href="${escapeHtml(verifyUrl)}">${escapeHtml(t('verification.button'))}</a></p>
<p style="font-size:13px;color:#666">${escapeHtml(t('verification.expiry'))}</p>`,
  );
  return { subject, text, html };
}

/**
 * To an address's owner when someone registers with it. Nothing the registrant typed goes in: the
 * address is all they chose, and it is the recipient's own.
 */
export function renderRegistrationAttemptMail(siteUrl: string, locale: Locale): RenderedMail {
  const t = wordsIn(locale);
  const subject = t('registrationAttempt.subject');
  const lines = ['happened', 'harmless', 'ifYou', 'ifNot'].map((key) => t(`registrationAttempt.${key}`));
  const text = `${lines.join('\n\n')}\n${siteUrl ? `\n${siteUrl}\n` : ''}`;
  const html = page(
    locale,
    subject,
    `${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
${siteUrl ? `<p><a href="${escapeHtml(siteUrl)}">${escapeHtml(siteUrl)}</a></p>` : ''}`,
  );
  return { subject, text, html };
}

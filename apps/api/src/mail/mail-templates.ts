import { formatComment, type Block, type Inline } from '@parley/shared';
import type { NotifiedDecision, NotificationKind } from '@parley/db';

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

export function headline(item: MailItem): string {
  const who = item.actorName ?? 'Someone';
  switch (item.kind) {
    case 'reply':
      return `${who} replied to your comment on “${item.storyTitle}”`;
    case 'staff_reply':
      return `${who} (staff) replied to your comment on “${item.storyTitle}”`;
    case 'decision':
      return item.decision === 'rejected'
        ? `A moderator did not publish your comment on “${item.storyTitle}”`
        : item.decision === 'featured'
          ? `Your comment on “${item.storyTitle}” was featured`
          : `Your comment on “${item.storyTitle}” was approved`;
  }
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

function layout(title: string, sections: string, unsubscribeUrl: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:600px;margin:0 auto;padding:16px">
${sections}
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 12px">
<p style="font-size:13px;color:#666">You get this email because of your notification settings.
<a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe from these emails</a>.</p>
</body></html>`;
}

function itemHtml(item: MailItem): string {
  return `<h2 style="font-size:17px;margin:0 0 12px">${escapeHtml(headline(item))}</h2>
<div style="margin:0 0 12px">${commentHtml(item.commentBody)}</div>
<p style="margin:0 0 20px"><a href="${escapeHtml(item.permalink)}">See the comment</a></p>`;
}

function itemText(item: MailItem): string {
  const quoted = item.commentBody
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return `${headline(item)}\n\n${quoted}\n\nSee the comment: ${item.permalink}\n`;
}

function footerText(unsubscribeUrl: string): string {
  return `\n--\nYou get this email because of your notification settings.\nUnsubscribe: ${unsubscribeUrl}\n`;
}

export function renderNotificationMail(item: MailItem, unsubscribeUrl: string): RenderedMail {
  const subject = headline(item);
  return {
    subject,
    text: itemText(item) + footerText(unsubscribeUrl),
    html: layout(subject, itemHtml(item), unsubscribeUrl),
  };
}

export function renderDigestMail(items: MailItem[], unsubscribeUrl: string): RenderedMail {
  const subject =
    items.length === 1 ? headline(items[0]!) : `${items.length} new notifications on your comments`;
  return {
    subject,
    text: items.map(itemText).join('\n\n') + footerText(unsubscribeUrl),
    html: layout(subject, items.map(itemHtml).join('\n'), unsubscribeUrl),
  };
}

export function renderVerificationMail(verifyUrl: string): RenderedMail {
  const subject = 'Confirm your email address';
  const text = `Please confirm this email address for your comments account:\n\n${verifyUrl}\n\nThe link works once, for 24 hours. If you did not ask for this, ignore this email.\n`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:600px;margin:0 auto;padding:16px">
<p>Please confirm this email address for your comments account.</p>
<p><a href="${escapeHtml(verifyUrl)}">Confirm my email address</a></p>
<p style="font-size:13px;color:#666">The link works once, for 24 hours. If you did not ask for this, ignore this email.</p>
</body></html>`;
  return { subject, text, html };
}

/**
 * To an address's owner when someone registers with it. Nothing the registrant typed goes in: the
 * address is all they chose, and it is the recipient's own.
 */
export function renderRegistrationAttemptMail(siteUrl: string): RenderedMail {
  const subject = 'Someone tried to register with your email address';
  const lines = [
    'Someone just created a comments account and gave this email address, which already belongs to your account.',
    'The new account cannot confirm your address or use it, and nothing changed on your account.',
    'If that was you, sign in with your existing account instead.',
    'If not, you can ignore this email.',
  ];
  const text = `${lines.join('\n\n')}\n${siteUrl ? `\n${siteUrl}\n` : ''}`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:600px;margin:0 auto;padding:16px">
${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
${siteUrl ? `<p><a href="${escapeHtml(siteUrl)}">${escapeHtml(siteUrl)}</a></p>` : ''}
</body></html>`;
  return { subject, text, html };
}

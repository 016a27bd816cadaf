import { escapeHtml } from '../mail/mail-templates.js';

/** A small self-contained page for links opened from an email (verification, unsubscribe). */
export function resultPage(title: string, message: string, extra = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${extra}
<p><a href="/">Back to the site</a></p></main></body></html>`;
}

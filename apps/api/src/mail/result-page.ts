import type { Request, Response } from 'express';
import { escapeHtml } from './mail-templates.js';

/** A small self-contained page for links opened from an email (verification, unsubscribe). */
export function resultPage(title: string, message: string, extra = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${extra}
<p><a href="/">Back to the site</a></p></main></body></html>`;
}

/**
 * Answers a link opened from an email: a page for a browser, JSON for an API client (which asks
 * for it in Accept), so the same route serves people and programs.
 */
export function answerPage(
  request: Request,
  response: Response,
  status: number,
  page: { title: string; message: string; extra?: string },
  json: unknown,
): void {
  response.status(status);
  if (request.accepts(['html', 'json']) === 'json') response.json(json);
  else response.type('html').send(resultPage(page.title, page.message, page.extra));
}

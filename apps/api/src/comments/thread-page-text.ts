import type { ThreadComment, ThreadPage } from '@parley/shared';

/** Each comment's flag on a page built for nobody, exactly as JSON.stringify writes it. */
const NOT_REACTED = '"viewerReacted":false';
const REACTED = '"viewerReacted":true';

/**
 * A thread page built for nobody, as JSON text, with where each comment's `viewerReacted` flag
 * sits in it. A signed-in reader's first page is this text with their likes switched on: the page
 * is neither queried nor serialised again for them, and only their likes are read.
 */
export interface PageText {
  body: string;
  /** Every comment on the page, top level and nested, in the order their flags appear in `body`. */
  ids: string[];
  /** Where each comment's `"viewerReacted":false` starts in `body`; null when they could not be mapped. */
  flags: number[] | null;
}

/**
 * Serialises a page built for nobody and maps its flags. The mapping is checked, not assumed: a
 * quote inside a string value is always escaped (`\"`), so the flag's text can only be the key
 * itself, and each flag must come after its own comment's `{"id":"…"` and after the flag before
 * it. If that ever fails (the comment's keys reordered), `flags` is null and the reader's page is
 * built for them instead.
 */
export function toPageText(page: ThreadPage): PageText {
  const body = JSON.stringify(page);
  const ids: string[] = [];
  const visit = (comment: ThreadComment): void => {
    ids.push(comment.id);
    for (const reply of comment.replies) visit(reply);
  };
  for (const item of page.items) visit(item);
  const flags: number[] = [];
  for (let at = body.indexOf(NOT_REACTED); at !== -1; at = body.indexOf(NOT_REACTED, at + 1)) {
    flags.push(at);
  }
  return { body, ids, flags: mapped(body, ids, flags) ? flags : null };
}

function mapped(body: string, ids: string[], flags: number[]): boolean {
  if (flags.length !== ids.length) return false;
  return ids.every((id, index) => {
    const opened = body.lastIndexOf(`{"id":"${id}"`, flags[index]!);
    return opened !== -1 && opened > (index === 0 ? -1 : flags[index - 1]!);
  });
}

/** The page's text with the flags of the comments in `liked` set; null when its flags are not mapped. */
export function withLikes(text: PageText, liked: ReadonlySet<string>): string | null {
  if (liked.size === 0) return text.body;
  const flags = text.flags;
  if (!flags) return null;
  const parts: string[] = [];
  let from = 0;
  text.ids.forEach((id, index) => {
    if (!liked.has(id)) return;
    parts.push(text.body.slice(from, flags[index]!), REACTED);
    from = flags[index]! + NOT_REACTED.length;
  });
  parts.push(text.body.slice(from));
  return parts.join('');
}

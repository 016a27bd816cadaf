import type { ImportSkipReason } from '@parley/shared/values';
import type { XmlInput } from './xml-input.js';

/** Where imported rows come from; stored beside each row's id there. */
export type ImportSourceName = 'disqus' | 'wordpress' | 'parley';

/** A thread (Disqus) or post (WordPress) of the export: what becomes a story. */
export interface SourceThread {
  /** Its id in the export (Disqus `dsq:id`, WordPress `wp:post_id`). */
  key: string;
  /** The CMS's id for the story (Disqus `<id>`, WordPress `wp-<post_id>`), when the export has one. */
  externalId: string | null;
  link: string;
  title: string;
  createdAt: Date | null;
  closed: boolean;
  deleted: boolean;
}

export interface SourceAuthor {
  username: string;
  email: string;
  name: string;
}

/** How the post's HTML treats line ends: collapsed as in HTML (Disqus), or meaningful (WordPress). */
export type HtmlFlavour = 'html' | 'wordpress';

export interface SourcePost {
  id: string;
  /** The thread it belongs to; null when the export names none. */
  threadKey: string | null;
  /** The post it answers; null at the top level. */
  parentId: string | null;
  createdAt: Date | null;
  html: string;
  deleted: boolean;
  spam: boolean;
  /** Imported into the review queue rather than published (WordPress: not approved). */
  pending: boolean;
  /** Why the export's own data says to leave it out (`pingback`, `trash`), if it does. */
  skip: ImportSkipReason | null;
  author: SourceAuthor;
  line: number;
}

export interface SourceHandlers {
  thread(thread: SourceThread): void;
  /** May return a promise: the reader waits for it before reading on (batches are written meanwhile). */
  post(post: SourcePost): void | Promise<void>;
}

/** One export format: reads a file and hands over its threads and posts in file order. */
export interface ImportFormat {
  source: ImportSourceName;
  flavour: HtmlFlavour;
  read(input: XmlInput, handlers: SourceHandlers): Promise<void>;
}

/**
 * An export's time: ISO 8601, taken as UTC when it names no zone (Disqus writes some without
 * `Z`); WordPress's `YYYY-MM-DD HH:MM:SS` too. Null when unreadable or WordPress's all-zero date.
 */
export function parseExportTime(text: string): Date | null {
  const trimmed = text.trim().replace(/^(\d{4}-\d\d-\d\d) (\d)/, '$1T$2');
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(trimmed) || trimmed.startsWith('0000')) return null;
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(trimmed) ? trimmed : `${trimmed}Z`;
  const time = new Date(zoned);
  return Number.isNaN(time.getTime()) ? null : time;
}

export function isTrue(text: string): boolean {
  return text.trim().toLowerCase() === 'true' || text.trim() === '1';
}

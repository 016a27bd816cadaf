import type { ImportSkipReason } from '@parley/shared/values';
import { parseExportTime, type ImportFormat, type SourcePost, type SourceThread } from './import-source.js';
import { childText, readRecords, type XmlElement } from './xml-records.js';

const DISQUS_HINT = 'this looks like a Disqus export: use `import disqus`';

/**
 * WordPress's WXR (1.0–1.2): `<rss><channel>` holding `<item>`s (posts, pages, attachments), each
 * with its `<wp:comment>`s after its own fields, so a comment sees its item's id and link.
 * An item becomes a story only when it has a comment to import.
 */
export const wordpressFormat: ImportFormat = {
  source: 'wordpress',
  flavour: 'wordpress',
  read: (input, handlers) => {
    const announced = new Set<string>();
    return readRecords(
      input,
      {
        root: 'rss',
        otherRoots: { disqus: DISQUS_HINT },
        isRecord: (name, depth) => (depth === 2 && name === 'item') || (depth === 3 && name === 'wp:comment'),
      },
      (record, enclosing) => {
        if (record.name !== 'wp:comment') return undefined;
        const item = enclosing.at(-1);
        const thread = item ? toThread(item) : null;
        if (thread && !announced.has(thread.key)) {
          announced.add(thread.key);
          handlers.thread(thread);
        }
        return handlers.post(toPost(record, thread?.key ?? null));
      },
    );
  },
};

function toThread(item: XmlElement): SourceThread {
  const postId = childText(item, 'wp:post_id');
  return {
    key: postId,
    externalId: postId ? `wp-${postId}` : null,
    link: childText(item, 'link'),
    title: childText(item, 'title'),
    createdAt:
      parseExportTime(childText(item, 'wp:post_date_gmt')) ??
      parseExportTime(childText(item, 'wp:post_date')),
    closed: childText(item, 'wp:comment_status') === 'closed',
    deleted: childText(item, 'wp:status') === 'trash',
  };
}

const SKIPPED_TYPES: Record<string, ImportSkipReason> = { pingback: 'pingback', trackback: 'trackback' };

function toPost(record: XmlElement, threadKey: string | null): SourcePost {
  const approved = childText(record, 'wp:comment_approved');
  const type = childText(record, 'wp:comment_type');
  const parent = childText(record, 'wp:comment_parent');
  const userId = childText(record, 'wp:comment_user_id');
  return {
    id: childText(record, 'wp:comment_id'),
    threadKey,
    parentId: parent && parent !== '0' ? parent : null,
    createdAt:
      parseExportTime(childText(record, 'wp:comment_date_gmt')) ??
      parseExportTime(childText(record, 'wp:comment_date')),
    html: record.children.find((element) => element.name === 'wp:comment_content')?.text ?? '',
    deleted: false,
    spam: approved === 'spam',
    pending: approved === '0',
    skip: SKIPPED_TYPES[type] ?? (approved === 'trash' ? 'trash' : null),
    author: {
      // A registered WordPress user is one person whatever name they typed; guests are told apart by email, else name.
      username: userId && userId !== '0' ? `user-${userId}` : '',
      email: childText(record, 'wp:comment_author_email'),
      name: childText(record, 'wp:comment_author'),
    },
    line: record.line,
  };
}

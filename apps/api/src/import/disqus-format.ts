import {
  isTrue,
  parseExportTime,
  type ImportFormat,
  type SourcePost,
  type SourceThread,
} from './import-source.js';
import { child, childText, readRecords, type XmlElement } from './xml-records.js';

const WORDPRESS_HINT = 'this looks like a WordPress export: use `import wordpress`';

/**
 * Disqus's export: `<disqus>` holding `<category>`, `<thread dsq:id>` and `<post dsq:id>` side by
 * side. A post names its thread and parent by attribute (`<thread dsq:id="1"/>`); the text form
 * (`<parent>1</parent>`) is read too.
 */
export const disqusFormat: ImportFormat = {
  source: 'disqus',
  flavour: 'html',
  read: (input, handlers) =>
    readRecords(
      input,
      {
        root: 'disqus',
        otherRoots: { rss: WORDPRESS_HINT },
        isRecord: (name, depth) => depth === 1 && (name === 'thread' || name === 'post'),
      },
      (record) => {
        if (record.name === 'thread') return handlers.thread(toThread(record));
        return handlers.post(toPost(record));
      },
    ),
};

function dsqId(element: XmlElement): string {
  return (element.attributes['dsq:id'] ?? '').trim();
}

/** A reference to another record: the `dsq:id` attribute, else the element's text. */
function reference(element: XmlElement, name: string): string | null {
  const found = child(element, name);
  if (!found) return null;
  return dsqId(found) || found.text.trim() || null;
}

function toThread(record: XmlElement): SourceThread {
  return {
    key: dsqId(record),
    externalId: childText(record, 'id') || null,
    link: childText(record, 'link'),
    title: childText(record, 'title'),
    createdAt: parseExportTime(childText(record, 'createdAt')),
    closed: isTrue(childText(record, 'isClosed')),
    deleted: isTrue(childText(record, 'isDeleted')),
  };
}

function toPost(record: XmlElement): SourcePost {
  const author = child(record, 'author');
  return {
    id: dsqId(record),
    threadKey: reference(record, 'thread'),
    parentId: reference(record, 'parent'),
    createdAt: parseExportTime(childText(record, 'createdAt')),
    html: child(record, 'message')?.text ?? '',
    deleted: isTrue(childText(record, 'isDeleted')),
    spam: isTrue(childText(record, 'isSpam')),
    pending: false,
    skip: null,
    author: {
      username: author ? childText(author, 'username') : '',
      email: author ? childText(author, 'email') : '',
      name: author ? childText(author, 'name') : '',
    },
    line: record.line,
  };
}

import { createHash, hash } from 'node:crypto';

/**
 * The id a record of an export gets in Parley: a name-based UUID (version 5 layout) of its source
 * and its id there. The same post always gets the same id, so a reply can name its parent before
 * (or without) a lookup, and a second run writes the very rows the first did.
 */
export function importedUuid(source: string, kind: 'post' | 'author', id: string): string {
  // One-shot `hash` (no Hash object per id): an import computes three of these per post.
  const bytes = hash('sha1', `parley-import\u0000${source}\u0000${kind}\u0000${id}`, 'buffer');
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An imported account's username: the source and a digest of its key (the name it showed is its display name). */
export function importedUsername(source: string, key: string): string {
  const digest = createHash('sha1').update(`${source}\u0000${key}`).digest('hex').slice(0, 12);
  return `${source === 'wordpress' ? 'wp' : source}-${digest}`;
}

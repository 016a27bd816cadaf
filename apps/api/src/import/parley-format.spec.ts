import { describe, expect, it } from 'vitest';
import { ImportInputError } from './import-input-error.js';
import { readParleyExport, type ExportHeader } from './parley-format.js';
import type { XmlInput } from './xml-input.js';

const HEADER = JSON.stringify({
  format: 'parley-export',
  version: 1,
  exportedAt: '2026-12-07T12:00:00.000Z',
  counts: { stories: 1, users: 0, comments: 0 },
  credentials: false,
});
const STORY = JSON.stringify({
  type: 'story',
  id: '00000000-0000-4000-8000-000000000001',
  slug: 'a-story',
  url: 'https://example.org/a',
  externalId: null,
  title: 'A story',
  body: '',
  tags: [],
  publishedAt: '2026-12-01T00:00:00.000Z',
  commentsOpen: true,
  premod: 'off',
  createdAt: '2026-12-01T00:00:00.000Z',
});
const USER = JSON.stringify({
  type: 'user',
  id: '00000000-0000-4000-8000-000000000002',
  username: 'ada',
  displayName: 'Ada',
  role: 'reader',
  status: 'active',
  suspendedUntil: null,
  banReason: null,
  alwaysPremod: false,
  createdAt: '2026-12-01T00:00:00.000Z',
  deletedAt: null,
});

/** A file's text in chunks that cut lines anywhere, as a stream does. */
function input(text: string, chunk = 7): XmlInput {
  return {
    bytesRead: 0,
    size: text.length,
    async *chunks() {
      for (let i = 0; i < text.length; i += chunk) yield text.slice(i, i + chunk);
    },
  };
}

async function read(text: string) {
  let header: ExportHeader | undefined;
  const lines = [];
  for await (const line of readParleyExport(input(text), (read) => (header = read))) lines.push(line);
  return { header, lines };
}

describe(readParleyExport.name, () => {
  it('reads the header and each record with its line, across chunk ends and without a final newline', async () => {
    const sut = await read(`${HEADER}\n${STORY}\n\n${USER}`);
    expect(sut.header?.counts.stories).toBe(1);
    expect(sut.lines.map(({ line, record }) => [line, record.type])).toEqual([
      [2, 'story'],
      [4, 'user'],
    ]);
  });

  it('refuses records out of order, naming the line', async () => {
    await expect(read(`${HEADER}\n${USER}\n${STORY}\n`)).rejects.toThrow(
      new ImportInputError('line 3: a story after the users: stories come first, then users, then comments'),
    );
  });

  it('names the field a record gets wrong', async () => {
    await expect(read(`${HEADER}\n${STORY.replace('"off"', '"sometimes"')}\n`)).rejects.toThrow(
      /^line 2: not a valid record: premod: /,
    );
  });

  it('refuses an empty file as having no header', async () => {
    await expect(read('')).rejects.toThrow(/not a Parley export/);
  });
});

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '../common/app-error.js';
import { CHUNK_BYTES, checkUploadHeaders, streamInChunks } from './import-upload.js';

function body(...pieces: number[]): Readable {
  return Readable.from(pieces.map((size, index) => Buffer.alloc(size, 97 + index)));
}

async function chunksOf(source: Readable, maxBytes: number) {
  const written: { seq: number; size: number; soFar: number }[] = [];
  const parts: Buffer[] = [];
  const total = await streamInChunks(source, maxBytes, (seq, data, soFar) => {
    written.push({ seq, size: data.length, soFar });
    parts.push(data);
    return Promise.resolve();
  });
  return { total, written, joined: Buffer.concat(parts) };
}

describe(streamInChunks.name, () => {
  it('cuts the body into CHUNK_BYTES rows in order, whatever sizes it arrives in, and keeps every byte', async () => {
    const sizes = [700_000, 700_000, 1_000_000, 10];
    const sut = await chunksOf(body(...sizes), 10 * CHUNK_BYTES);
    const all = sizes.reduce((sum, size) => sum + size, 0);
    expect(sut.total).toBe(all);
    expect(sut.written.map((chunk) => chunk.seq)).toEqual([0, 1, 2]);
    expect(sut.written.map((chunk) => chunk.size)).toEqual([CHUNK_BYTES, CHUNK_BYTES, all - 2 * CHUNK_BYTES]);
    expect(sut.written.at(-1)!.soFar).toBe(all);
    expect(sut.joined.equals(Buffer.concat(sizes.map((size, index) => Buffer.alloc(size, 97 + index))))).toBe(
      true,
    );
  });

  it('refuses a body as soon as it passes the limit, naming it', async () => {
    const sut = chunksOf(body(600_000, 600_000, 600_000), CHUNK_BYTES);
    await expect(sut).rejects.toMatchObject({ code: 'import/too_large' });
    await expect(sut).rejects.toThrow('1 MB');
  });

  it('refuses an empty body', async () => {
    await expect(chunksOf(body(), CHUNK_BYTES)).rejects.toMatchObject({ code: 'import/empty' });
  });
});

describe(checkUploadHeaders.name, () => {
  it('refuses forms and JSON, and a declared length over the limit, before reading anything', () => {
    expect(() => checkUploadHeaders({ 'content-type': 'multipart/form-data; boundary=x' }, 10)).toThrow(
      AppError,
    );
    expect(() => checkUploadHeaders({ 'content-type': 'application/json' }, 10)).toThrow(AppError);
    expect(() => checkUploadHeaders({ 'content-length': '11' }, 10)).toThrow(/PARLEY_IMPORT_MAX_MB/);
    expect(() =>
      checkUploadHeaders({ 'content-type': 'application/octet-stream', 'content-length': '10' }, 10),
    ).not.toThrow();
    expect(() => checkUploadHeaders({ 'content-type': 'application/gzip' }, 10)).not.toThrow();
  });
});

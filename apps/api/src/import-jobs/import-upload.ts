import type { Readable } from 'node:stream';
import { AppError } from '../common/app-error.js';

/** Rows of the upload are this big (the last one smaller): few rows, each well under Postgres' limits. */
export const CHUNK_BYTES = 1024 * 1024;

/** Content types that are a form or JSON, not the file itself (and JSON is parsed before the handler sees it). */
const NOT_A_FILE = /^(application\/json|application\/x-www-form-urlencoded|multipart\/)/i;

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

export function tooLarge(maxBytes: number): AppError {
  return new AppError(
    'import/too_large',
    { maxBytes },
    `That file is larger than the ${megabytes(maxBytes)} this server accepts for an import ` +
      `(PARLEY_IMPORT_MAX_MB). Compress it with gzip, or import it with \`parley import\` on the server.`,
  );
}

/** Refuses at once what cannot be an upload within the limit: a form, JSON, or a declared length over it. */
export function checkUploadHeaders(
  headers: { 'content-type'?: string; 'content-length'?: string },
  maxBytes: number,
): void {
  if (NOT_A_FILE.test(headers['content-type'] ?? '')) throw new AppError('import/not_a_file');
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
}

/**
 * Reads `body` as it arrives and hands it on in CHUNK_BYTES pieces, each awaited before more is read
 * (the socket is paused meanwhile, so memory holds about one chunk). Throws `import/too_large` as soon
 * as the bytes pass `maxBytes`, whatever the request declared, and `import/empty` for no bytes at all.
 */
export async function streamInChunks(
  body: Readable,
  maxBytes: number,
  write: (seq: number, data: Buffer, bytesSoFar: number) => Promise<void>,
): Promise<number> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  let seq = 0;
  const flush = async () => {
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await write(seq++, data, total);
  };
  for await (const piece of body as AsyncIterable<Buffer>) {
    total += piece.length;
    if (total > maxBytes) throw tooLarge(maxBytes);
    pending.push(piece);
    pendingBytes += piece.length;
    while (pendingBytes >= CHUNK_BYTES) {
      const all = Buffer.concat(pending, pendingBytes);
      pending = [all.subarray(CHUNK_BYTES)];
      pendingBytes = all.length - CHUNK_BYTES;
      const data = all.subarray(0, CHUNK_BYTES);
      await write(seq++, Buffer.from(data), total - pendingBytes);
    }
  }
  if (total === 0) throw new AppError('import/empty');
  if (pendingBytes > 0) await flush();
  return total;
}

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ImportInputError } from './import-input-error.js';

const GZIP_MAGIC = [0x1f, 0x8b];

/** An export file as text, decoded as it streams: gzip (by its magic bytes, whatever the name) and strict UTF-8. */
export interface XmlInput {
  /** Compressed bytes read so far (the progress bar's measure). */
  readonly bytesRead: number;
  /** The file's size on disk. */
  readonly size: number;
  chunks(): AsyncGenerator<string>;
}

/** Opens `path`; a clear ImportInputError when it cannot be read at all. */
export async function openXmlInput(path: string): Promise<XmlInput> {
  let size: number;
  let gzipped: boolean;
  try {
    const handle = await open(path, 'r');
    try {
      size = (await handle.stat()).size;
      const head = Buffer.alloc(2);
      await handle.read(head, 0, 2, 0);
      gzipped = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new ImportInputError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let bytesRead = 0;
  return {
    get bytesRead() {
      return bytesRead;
    },
    size,
    async *chunks() {
      bytesRead = 0;
      const file = createReadStream(path, { highWaterMark: 256 * 1024 });
      file.on('data', (chunk) => (bytesRead += chunk.length));
      let source: Readable = file;
      if (gzipped) {
        const gunzip = createGunzip();
        file.on('error', (error) => gunzip.destroy(error));
        source = file.pipe(gunzip);
      }
      const decoder = new TextDecoder('utf-8', { fatal: true });
      try {
        for await (const bytes of source) yield decode(decoder, bytes as Buffer, true);
        yield decode(decoder, undefined, false);
      } catch (error) {
        if (error instanceof ImportInputError) throw error;
        throw new ImportInputError(describeReadError(path, error, gzipped));
      } finally {
        file.destroy();
      }
    },
  };
}

function decode(decoder: TextDecoder, bytes: Buffer | undefined, stream: boolean): string {
  try {
    return decoder.decode(bytes, { stream });
  } catch {
    throw new InvalidUtf8();
  }
}

/** Raised mid-stream; the XML reader adds the line it had reached. */
export class InvalidUtf8 extends ImportInputError {
  constructor() {
    super('the file is not valid UTF-8 (an export is UTF-8: was it re-saved in another encoding?)');
  }
}

function describeReadError(path: string, error: unknown, gzipped: boolean): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (gzipped && code === 'Z_BUF_ERROR') {
    return `${path} is a gzip file that ends too early (a truncated download?): fetch it again`;
  }
  if (gzipped && typeof code === 'string' && code.startsWith('Z_')) {
    return `${path} is a damaged gzip file (${(error as Error).message})`;
  }
  return `cannot read ${path}: ${(error as Error).message}`;
}

import { AppError } from './app-error.js';

/** Keyset cursors: the sort key of the last row, opaque to clients (base64url JSON). */
export type CursorKey = (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor of `length` values; anything else is a 400 the client can act on. */
export function decodeCursor(cursor: string | undefined, shape: ('string' | 'number')[]): CursorKey | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === shape.length && key.every((value, index) => typeof value === shape[index])) {
      return key as CursorKey;
    }
  } catch {
    // fall through
  }
  throw new AppError('request/invalid', undefined, 'Invalid request: cursor is not valid; start again from the first page.', {
    cursor: 'is not valid',
  });
}

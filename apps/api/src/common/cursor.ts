import { FIELD_MESSAGES } from '@parley/shared';
import { sql, type DB, type SelectQueryBuilder } from '@parley/db';
import { AppError } from './app-error.js';

/** Keyset cursors: the sort key of the last row, opaque to clients (base64url JSON). */
export type CursorKey = (string | number)[];

/**
 * What each value of a cursor must be. The database casts `time` to timestamptz and `id` to uuid,
 * so a tampered cursor has to be refused here (400) rather than fail there (500) or, worse, be
 * read as something else (Postgres takes 'yesterday' as a time). `string` is any text.
 */
export type CursorPart = 'string' | 'number' | 'score' | 'time' | 'id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Exactly what Date#toISOString gives, which is how the server writes cursor times.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const VALID: Record<CursorPart, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  // Counts are int4 columns: a fraction or a huge number would fail the comparison in SQL.
  number: (value) =>
    Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 2_147_483_647,
  // A toxicity score as a sort key: 0–1, or -1 for an unscored comment.
  score: (value) => typeof value === 'number' && Number.isFinite(value) && value >= -1 && value <= 1,
  time: (value) => {
    if (typeof value !== 'string' || !ISO_TIME.test(value)) return false;
    const time = new Date(value);
    return !Number.isNaN(time.getTime()) && time.toISOString() === value && time.getUTCFullYear() >= 1;
  },
  id: (value) => typeof value === 'string' && UUID.test(value),
};

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * One page out of the `limit + 1` rows a keyset query fetched: the first `limit`, and the cursor
 * after the last of them when the extra row shows that another page exists.
 */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => CursorKey,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

/** Decodes a cursor of `shape.length` values of these kinds; anything else is a 400 the client can act on. */
export function decodeCursor(cursor: string | undefined, shape: CursorPart[]): CursorKey | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(key) &&
      key.length === shape.length &&
      key.every((value, index) => VALID[shape[index]!](value))
    ) {
      return key as CursorKey;
    }
  } catch {
    // fall through
  }
  throw new AppError(
    'request/invalid',
    undefined,
    `Invalid request. cursor: ${FIELD_MESSAGES.cursorNotValid}`,
    { cursor: FIELD_MESSAGES.cursorNotValid },
  );
}

/** The cursor of a newest-first list: the last row's creation time and id (see `newestFirst`). */
export const NEWEST_FIRST_CURSOR: CursorPart[] = ['time', 'id'];

export function newestFirstKey(row: { createdAt: Date; id: string }): CursorKey {
  return [row.createdAt.toISOString(), row.id];
}

/**
 * One page of a newest-first list, for `query.$call(...)`: ordered by (created_at, id) descending,
 * the ones after the cursor key `after` (decoded with NEWEST_FIRST_CURSOR), `limit + 1` rows for
 * `toPage`. `table` names the rows' table or alias (a name in the code, never input), or nothing
 * in a one-table query. The thread, with four orders, pages in comment-reading.repository.ts.
 */
export function newestFirst(limit: number, after: CursorKey | undefined, table?: string) {
  const prefix = table ? `${table}.` : '';
  return <QB extends SelectQueryBuilder<DB, never, unknown>>(query: QB): QB => {
    const keyed = after
      ? query.where(
          sql<boolean>`(${sql.raw(`${prefix}created_at, ${prefix}id`)}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`,
        )
      : query;
    return keyed
      .orderBy(sql.ref(`${prefix}createdAt`), 'desc')
      .orderBy(sql.ref(`${prefix}id`), 'desc')
      .limit(limit + 1) as QB;
  };
}

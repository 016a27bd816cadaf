import { compileOnlyDatabase } from '@parley/db/testing';
import { describe, expect, it } from 'vitest';
import { decodeCursor, NEWEST_FIRST_CURSOR, newestFirst, newestFirstKey, toPage } from './cursor.js';

const db = compileOnlyDatabase();
const ID = '0b7e8f43-1d2c-4a5b-9c6d-7e8f9a0b1c2d';
const TIME = '2026-12-07T03:00:00.123Z';

describe(newestFirst.name, () => {
  it('orders a first page by (created_at, id) descending and fetches one row more than the page', () => {
    const query = db.selectFrom('outbox').select('id').$call(newestFirst(20, undefined)).compile();

    expect(query.sql).toBe('select "id" from "outbox" order by "created_at" desc, "id" desc limit $1');
    expect(query.parameters).toEqual([21]);
  });

  it('takes the rows strictly after the cursor key, in the table or alias named', () => {
    const query = db
      .selectFrom('notifications as n')
      .select('n.id')
      .where('n.userId', '=', ID)
      .$call(newestFirst(5, [TIME, ID], 'n'))
      .compile();

    expect(query.sql).toBe(
      'select "n"."id" from "notifications" as "n" where "n"."user_id" = $1' +
        ' and (n.created_at, n.id) < ($2::timestamptz, $3::uuid)' +
        ' order by "n"."created_at" desc, "n"."id" desc limit $4',
    );
    expect(query.parameters).toEqual([ID, TIME, ID, 6]);
  });

  it('pages with the key newestFirstKey writes and NEWEST_FIRST_CURSOR reads back', () => {
    const rows = [
      { id: ID, createdAt: new Date(TIME) },
      { id: 'ffffffff-1d2c-4a5b-9c6d-7e8f9a0b1c2d', createdAt: new Date(0) },
    ];

    const page = toPage(rows, 1, newestFirstKey);

    expect(page.items).toEqual([rows[0]]);
    expect(decodeCursor(page.nextCursor!, NEWEST_FIRST_CURSOR)).toEqual([TIME, ID]);
  });
});

import { COMMENT_STATUSES, sql } from '@parley/db';
import { createTestDatabase, testEngines, type TestDatabase } from '@parley/db/testing';
import { QUEUES, type Queue } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_CONDITION, queuesOf } from '../src/moderation/queues.js';

/** Every state a queue could care about: each status, with no, one and many reports, featured or not. */
const STATES = COMMENT_STATUSES.flatMap((status) =>
  [0, 1, 7].flatMap((reportCount) => [false, true].map((featured) => ({ status, reportCount, featured }))),
);

describe.each(testEngines())('queue membership over %s', (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });

  afterAll(async () => {
    await database?.close();
  });

  it('puts every state in the same queues in SQL as queuesOf does in TypeScript', async () => {
    // The conditions name `comments.status` and `comments.report_count`: a VALUES list under that
    // name holds every state without the rows a real comment needs around it.
    const states = sql.join(
      STATES.map(
        (state, index) =>
          sql`(${index}::int, ${state.status}::text, ${state.reportCount}::int, ${state.featured}::boolean)`,
      ),
    );
    const membership = sql.join(QUEUES.map((queue) => sql`(${QUEUE_CONDITION[queue]}) as ${sql.id(queue)}`));
    const { rows } = await sql<{ index: number } & Record<Queue, boolean>>`
      select comments.index, ${membership}
      from (values ${states}) as comments(index, status, report_count, featured)
      order by comments.index`.execute(database.db);

    const inSql = rows.map((row) => QUEUES.filter((queue) => row[queue]));
    const inTypeScript = STATES.map((state) => queuesOf(state));
    expect(rows).toHaveLength(STATES.length);
    expect(inSql).toEqual(inTypeScript);
    // Not a vacuous match: each queue holds some state and misses another.
    for (const queue of QUEUES) {
      expect(inSql.some((queues) => queues.includes(queue))).toBe(true);
      expect(inSql.some((queues) => !queues.includes(queue))).toBe(true);
    }
  });
});

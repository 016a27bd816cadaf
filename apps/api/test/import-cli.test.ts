import { join } from 'node:path';
import { createDatabase, sql, type DatabaseEngine } from '@parley/db';
import { testEngines, type TestDatabase } from '@parley/db/testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLockKey } from '../src/import/import-lock.js';
import { cliDatabase, parley, SLOW_MS, type CliDatabase } from './support/cli.js';
import { census, FIXTURES } from './support/import.js';

describe('parley import', () => {
  describe.each(testEngines())('on %s', (engine: DatabaseEngine) => {
    let cli: CliDatabase;
    let env: Record<string, string>;
    let postgres: TestDatabase | undefined;
    let inspect: CliDatabase['inspect'];

    beforeAll(async () => {
      cli = await cliDatabase(engine, 'parley-import-cli-');
      ({ env, postgres, inspect } = cli);
    }, SLOW_MS);
    afterAll(() => cli?.close());

    // One test: each step needs the state the one before it left.
    it(
      'asks for a migrated database, dry-runs, imports, imports again adding nothing, and refuses bad input with exit 1',
      async () => {
        const early = await parley(env, 'import', 'disqus', join(FIXTURES, 'disqus.xml'));
        expect(early.code).toBe(1);
        expect(early.stderr).toMatch(/run `pnpm parley migrate`.* first\n$/);
        expect((await parley(env, 'migrate')).code).toBe(0);
        const empty = await inspect((database) => census(database.db));

        const dry = await parley(env, 'import', 'disqus', '--dry-run', join(FIXTURES, 'disqus.xml'));
        expect(dry.code, dry.stderr).toBe(0);
        expect(dry.stdout).toContain('dry run: nothing was written');
        expect(dry.stdout).toContain('comments: 18 new, 0 already imported');
        expect(await inspect((database) => census(database.db))).toEqual(empty);

        const run = await parley(env, 'import', 'disqus', join(FIXTURES, 'disqus.xml'));
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toContain('stories: 2 created, 0 matched, 2 skipped\n');
        expect(run.stdout).toContain('comments: 18 new, 0 already imported');
        expect(run.stdout).toContain('  post 104 (line 85): deleted, with no replies\n');
        expect(run.stdout).toMatch(
          process.env.REDIS_URL && engine === 'postgres'
            ? /thread caches: 2 stories refreshed/
            : /thread caches: no Redis configured/,
        );
        // Not a terminal: progress comes as plain lines on stderr (none for a file this small), never a bar.
        expect(run.stderr).not.toContain('\u001b[');
        const imported = await inspect((database) => census(database.db));
        expect(imported).toMatchObject({ comments: 18, staged: 0 });

        const again = await parley(env, 'import', 'disqus', join(FIXTURES, 'disqus.xml'));
        expect(again.code, again.stderr).toBe(0);
        expect(again.stdout).toContain('comments: 0 new, 18 already imported');
        expect(again.stdout).not.toContain('thread caches');

        for (const [fixture, message] of [
          ['malformed.xml', /^parley: cannot import .*malformed\.xml: line 16: malformed XML: [^\n]+\n$/],
          ['wordpress.xml', /: this looks like a WordPress export: use `import wordpress`\n$/],
          ['bomb.xml', /: line \d+: the file declares a DTD/],
        ] as const) {
          const bad = await parley(env, 'import', 'disqus', join(FIXTURES, fixture));
          expect(bad.code, fixture).toBe(1);
          expect(bad.stderr).toMatch(message);
        }
        expect(await inspect((database) => census(database.db))).toEqual(imported);
      },
      SLOW_MS,
    );

    it.runIf(engine === 'postgres')(
      'exits 1 without writing while another import of the same source holds its lock',
      async () => {
        const before = await census(postgres!.db);
        const key = importLockKey('wordpress');
        // Another process's session: a connection of its own, holding the lock an import takes.
        const other = await createDatabase({ databaseUrl: postgres!.url!, poolSize: 1 });
        try {
          await other.db.connection().execute(async (session) => {
            await sql`SELECT pg_advisory_lock(hashtext(${key}))`.execute(session);
            const run = await parley(env, 'import', 'wordpress', join(FIXTURES, 'wordpress.xml'));
            expect(run.code).toBe(1);
            expect(run.stderr).toMatch(
              /^parley: postgres .*: another import of this source \(wordpress\) is running/,
            );
            await sql`SELECT pg_advisory_unlock(hashtext(${key}))`.execute(session);
          });
        } finally {
          await other.close();
        }
        expect(await census(postgres!.db)).toEqual(before);
      },
      SLOW_MS,
    );

    it.runIf(engine === 'postgres' && process.env.REDIS_URL)(
      'bumps the thread cache version of every story it changed, so no node serves an older page',
      async () => {
        const redis = createClient({ url: process.env.REDIS_URL, socket: { reconnectStrategy: false } });
        await redis.connect();
        try {
          const { rows } = await sql<{
            id: string;
          }>`SELECT id FROM stories WHERE import_source = 'disqus'`.execute(postgres!.db);
          const keys = rows.map((row) => `parley:thread:${row.id}`);
          const before = await redis.mGet(keys);

          const run = await parley(env, 'import', 'wordpress', join(FIXTURES, 'wordpress.xml'));
          expect(run.code, run.stderr).toBe(0);
          expect(await redis.mGet(keys), 'stories the second import did not touch').toEqual(before);
          const { rows: wordpress } = await sql<{
            id: string;
          }>`SELECT id FROM stories WHERE import_source = 'wordpress'`.execute(postgres!.db);
          expect(await redis.get(`parley:thread:${wordpress[0]!.id}`)).toMatch(/^[\w-]{12}$/);
        } finally {
          await redis.close();
        }
      },
      SLOW_MS,
    );
  });
});

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDatabase, sql, type Database, type DatabaseEngine } from '@parley/db';
import { createTestDatabase, testEngines, type TestDatabase } from '@parley/db/testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLockKey } from '../src/import/import-lock.js';
import { census, FIXTURES } from './support/import.js';

const CLI = fileURLToPath(new URL('../dist/cli/parley.js', import.meta.url));
/** Each CLI run on PGlite starts the engine afresh: slow on this busy 2-core machine. */
const SLOW_MS = 300_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function parley(env: Record<string, string>, ...args: string[]): Promise<Run> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: pnpm --filter @parley/api build`);
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('parley import', () => {
  describe.each(testEngines())('on %s', (engine: DatabaseEngine) => {
    let env: Record<string, string>;
    let dataDir: string | undefined;
    let postgres: TestDatabase | undefined;
    /** The database, opened in this process only while no CLI holds it (PGlite has one owner). */
    let inspect: <T>(look: (database: Database) => Promise<T>) => Promise<T>;

    beforeAll(async () => {
      if (engine === 'postgres') {
        postgres = await createTestDatabase('postgres');
        env = {
          DATABASE_URL: postgres.url!,
          ...(process.env.REDIS_URL && { REDIS_URL: process.env.REDIS_URL }),
        };
        inspect = (look) => look(postgres!);
      } else {
        dataDir = join(mkdtempSync(join(tmpdir(), 'parley-import-cli-')), 'data');
        env = { PARLEY_DATA_DIR: dataDir };
        inspect = async (look) => {
          const database = await createDatabase({ dataDir });
          try {
            return await look(database);
          } finally {
            await database.close();
          }
        };
      }
    }, SLOW_MS);
    afterAll(async () => {
      await postgres?.close();
      if (dataDir) rmSync(join(dataDir, '..'), { recursive: true, force: true });
    });

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

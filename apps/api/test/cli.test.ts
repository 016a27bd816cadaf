import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, MIGRATION_NAMES, migrationStatus, type DatabaseEngine } from '@parley/db';
import { createTestDatabase, testEngines, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parley } from './support/cli.js';

/** Each CLI run on PGlite starts the engine afresh: 2 s idle, far longer on this busy 2-core machine. */
const SLOW_MS = 180_000;

const ALL_LISTED = MIGRATION_NAMES.map((name) => `  ${name}`).join('\n');

describe('parley migrate', () => {
  describe.each(testEngines())('on %s', (engine: DatabaseEngine) => {
    let env: Record<string, string>;
    let dataDir: string | undefined;
    let postgres: TestDatabase | undefined;
    /** What has run, read in this process (on PGlite, open only while the CLI is not). */
    let status: () => Promise<{ applied: string[]; pending: string[] } | 'no database'>;

    beforeAll(async () => {
      if (engine === 'postgres') {
        postgres = await createTestDatabase('postgres');
        env = { DATABASE_URL: postgres.url! };
        status = () => migrationStatus(postgres!.db);
      } else {
        dataDir = join(mkdtempSync(join(tmpdir(), 'parley-cli-')), 'data');
        env = { PARLEY_DATA_DIR: dataDir };
        status = async () => {
          if (!existsSync(dataDir!)) return 'no database';
          const database = await createDatabase({ dataDir });
          try {
            return await migrationStatus(database.db);
          } finally {
            await database.close();
          }
        };
      }
    });

    afterAll(async () => {
      await postgres?.close();
      if (dataDir) rmSync(join(dataDir, '..'), { recursive: true, force: true });
    });

    // One test: each step needs the state the one before it left.
    it(
      '--dry-run lists every migration on an empty database and writes nothing; a run applies them; then nothing to do',
      async () => {
        const dry = await parley(env, 'migrate', '--dry-run');
        expect(dry.code, dry.stderr).toBe(0);
        expect(dry.stdout).toContain(`${MIGRATION_NAMES.length} migrations would run:\n${ALL_LISTED}\n`);
        expect(await status(), 'the dry run wrote nothing').toEqual(
          engine === 'pglite' ? 'no database' : { applied: [], pending: MIGRATION_NAMES },
        );

        const run = await parley(env, 'migrate');
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toContain(`ran ${MIGRATION_NAMES.length} migrations:\n${ALL_LISTED}\n`);
        expect(await status()).toEqual({ applied: MIGRATION_NAMES, pending: [] });

        const again = await parley(env, 'migrate', '--dry-run');
        expect(again.code, again.stderr).toBe(0);
        expect(again.stdout).toMatch(
          new RegExp(
            `: nothing to do \\(${MIGRATION_NAMES.length} migrations applied, the last ${MIGRATION_NAMES.at(-1)}\\)\\n$`,
          ),
        );
        const rerun = await parley(env, 'migrate');
        expect(rerun.stdout).toContain(': nothing to do (');
      },
      SLOW_MS,
    );
  });

  it('exits 1 with one line when Postgres does not answer', async () => {
    const run = await parley(
      { DATABASE_URL: 'postgres://parley:secret@127.0.0.1:1/parley' },
      'migrate',
      '--dry-run',
    );

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^parley: cannot open the database \(postgres 127\.0\.0\.1:1\/parley\): .*ECONNREFUSED.*\n$/,
    );
    expect(run.stderr).not.toContain('secret');
  });

  it('exits 1 with one line when the data directory cannot hold a database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
    try {
      const notADirectory = join(dir, 'file');
      await import('node:fs/promises').then((fs) => fs.writeFile(notADirectory, 'x'));
      const run = await parley({ PARLEY_DATA_DIR: notADirectory }, 'migrate');

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^parley: cannot open the database \(pglite .*file\): [^\n]+\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(
    'refuses an embedded database another process holds open (a running Parley)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
      const held = await createDatabase({ dataDir: dir });
      try {
        const run = await parley({ PARLEY_DATA_DIR: dir }, 'migrate', '--dry-run');

        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
          /^parley: the embedded database in .* is in use: stop Parley first [^\n]+\n$/,
        );
      } finally {
        await held.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    SLOW_MS,
  );

  it('says what went wrong with a configuration the server would refuse too', async () => {
    const run = await parley({ DATABASE_URL: 'mysql://root@db/parley' }, 'migrate');

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^parley: Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL[^\n]*\n$/,
    );
  });
});

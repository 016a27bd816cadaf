import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from '@parley/db';
import { createTestDatabase, testEngines } from '@parley/db/testing';
import { describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, startApp, type TestApp } from './support/app.js';
import { createStory, createUser, established, login, postComment } from './support/factories.js';
import { ApiClient } from './support/http.js';

/**
 * The README's "Backups", done as it says: a backup restored into a fresh data directory (embedded
 * database: stop, copy, start) or a new database (Postgres: pg_dump while Parley runs, pg_restore)
 * serves the same thread, and its accounts still sign in.
 */

const run = promisify(execFile);

interface Thread {
  slug: string;
  /** The thread as anyone reads it, and an account that must still sign in. */
  body: unknown;
  author: { username: string; password: string };
}

/** A story with a comment and a reply, written over the API. */
async function writeThread(app: TestApp): Promise<Thread> {
  const story = await createStory(app.db);
  const author = await createUser(app, established());
  const replier = await createUser(app, established());
  const first = await postComment(author.client, story.slug);
  await postComment(replier.client, story.slug, { parentId: first.id });
  return { slug: story.slug, body: await readThread(app, story.slug), author };
}

async function readThread(app: Pick<TestApp, 'baseUrl'>, slug: string): Promise<unknown> {
  const response = await new ApiClient(app.baseUrl).get(`/api/stories/${slug}/comments`);
  expect(response.status).toBe(200);
  return response.body;
}

/** The restored site answers with the same thread, and the author signs in with the same password. */
async function expectServes(app: TestApp, thread: Thread): Promise<void> {
  const body = await readThread(app, thread.slug);
  expect(body).toEqual(thread.body);
  expect(JSON.stringify(body)).toContain(thread.author.username);
  await login(app, thread.author.username, thread.author.password);
}

/** The client tools of the server's major version when installed side by side (Debian), else those on the PATH. */
function pgTool(name: 'pg_dump' | 'pg_restore', serverMajor: number): string {
  const matching = `/usr/lib/postgresql/${serverMajor}/bin/${name}`;
  return existsSync(matching) ? matching : name;
}

describe('backups', () => {
  it(
    'embedded database: stop, copy the data directory, start on the copy: the same thread',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parley-backup-'));
      let app: TestApp | undefined;
      try {
        app = await startApp({ engine: 'pglite', env: { PARLEY_DATA_DIR: join(dir, 'live') } });
        const thread = await writeThread(app);
        await app.close();
        app = undefined;
        // Closed cleanly: the directory is no longer held (the CLI's in-use check reads the same file).
        expect(existsSync(join(dir, 'live', 'postmaster.pid'))).toBe(false);

        cpSync(join(dir, 'live'), join(dir, 'restored'), { recursive: true });
        rmSync(join(dir, 'live'), { recursive: true });
        app = await startApp({ engine: 'pglite', env: { PARLEY_DATA_DIR: join(dir, 'restored') } });

        await expectServes(app, thread);
      } finally {
        await app?.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    BOOT_TIMEOUT_MS * 2,
  );

  it.runIf(testEngines().includes('postgres'))(
    'Postgres: pg_dump while Parley runs, pg_restore into a new database: the thread as it was at the dump',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parley-backup-'));
      const dump = join(dir, 'parley.dump');
      let live: TestApp | undefined = await startApp({ engine: 'postgres' });
      let restored: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
      let app: TestApp | undefined;
      try {
        const thread = await writeThread(live);
        const { rows } = await sql<{ major: number }>`
          select current_setting('server_version_num')::int / 10000 as major`.execute(live.db);
        const major = rows[0]!.major;

        await run(pgTool('pg_dump', major), ['--format=custom', `--file=${dump}`, live.env.DATABASE_URL!]);
        // Written after the dump: the backup is a snapshot, and must not hold it.
        await postComment((await createUser(live, established())).client, thread.slug);
        await live.close();
        live = undefined;

        restored = await createTestDatabase('postgres');
        await run(pgTool('pg_restore', major), ['--no-owner', `--dbname=${restored.url!}`, dump]);
        app = await startApp({ engine: 'postgres', databaseUrl: restored.url! });

        await expectServes(app, thread);
      } finally {
        await live?.close();
        await app?.close();
        await restored?.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    BOOT_TIMEOUT_MS * 2,
  );
});

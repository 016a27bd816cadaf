import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type DB, type Kysely } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import type { ImportJob } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disqusFormat } from '../src/import/disqus-format.js';
import { runImport } from '../src/import/importer.js';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type Setup, type TestApp } from './support/app.js';
import { loginAdmin } from './support/factories.js';
import { generatedDisqusExport, jobEnded, uploadImport } from './support/import-jobs.js';
import { waitFor } from './support/wait.js';

const ENV = { PARLEY_IMPORT_POLL_MS: '50', PARLEY_IMPORT_LEASE_MS: '2000' };

/** Imported comments, and how many distinct source ids they have (equal: nothing twice). */
async function imported(db: Kysely<DB>): Promise<{ comments: number; distinct: number; staged: number }> {
  const { rows } = await sql<{ comments: number; distinct: number; staged: number }>`
    SELECT count(*)::int AS comments, count(DISTINCT import_id)::int AS distinct,
           (SELECT count(*)::int FROM import_staged_comments) AS staged
      FROM comments WHERE import_source = 'disqus'`.execute(db);
  return rows[0]!;
}

describe.each(setupTable())('import jobs across a restart over %s', (_label, setup: Setup) => {
  let dir: string;
  let database: TestDatabase | undefined;
  const apps: TestApp[] = [];

  /** A node of the same site each time: the same PGlite directory, or the same Postgres database. */
  const startNode = async () => {
    const app = await startApp({
      engine: setup.engine,
      redis: setup.redis,
      ...(database?.url ? { databaseUrl: database.url } : {}),
      env: { ...ENV, ...(setup.engine === 'pglite' && { PARLEY_DATA_DIR: join(dir, 'data') }) },
    });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-import-jobs-'));
    if (setup.engine === 'postgres') database = await createTestDatabase('postgres');
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  }, BOOT_TIMEOUT_MS);

  it(
    'a node closed mid-import hands its job back; the next node completes it with every comment once',
    async () => {
      // PGlite runs in this process's thread: fewer posts keep the file's time reasonable.
      const posts = setup.engine === 'pglite' ? 6000 : 20_000;
      const file = Buffer.from(generatedDisqusExport(40, posts));
      const first = await startNode();
      const upload = await uploadImport(await loginAdmin(first), 'disqus', 'big.xml', file);
      expect(upload.status).toBe(201);
      const id = (upload.body as ImportJob).id;
      const job = () =>
        first.db.selectFrom('importJobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      // Stopped while it stages comments: stories, authors and some batches are written, nothing published.
      await waitFor(async () => (await job()).phase === 'importing', 'the import to reach its second pass', {
        timeoutMs: 120_000,
        everyMs: 20,
      });
      await first.close();

      const second = await startNode();
      // The first node published nothing: the comments all come from the second run.
      expect(await imported(second.db)).toMatchObject({ comments: 0 });

      const done = await jobEnded(await loginAdmin(second), id, 180_000);
      expect(done.status).toBe('done');
      expect(done.attempts).toBe(2);
      expect(await imported(second.db)).toEqual({ comments: posts, distinct: posts, staged: 0 });
      expect(done.report!.commentsNew).toBe(posts);
      await second.close();
    },
    BOOT_TIMEOUT_MS * 2,
  );

  it(
    'a job whose node died (its lease ran out) mid-import is claimed again and completes without duplicates',
    async () => {
      const node = await startNode();
      const posts = 2500;
      const text = generatedDisqusExport(10, posts)
        .replaceAll('generated.example.org', 'died.example.org')
        .replaceAll('dsq:id="p', 'dsq:id="died-p')
        .replaceAll('dsq:id="t', 'dsq:id="died-t');
      const path = join(dir, 'died.xml');
      writeFileSync(path, text);
      const before = (await imported(node.db)).comments;
      // What a node dying mid-run leaves: stories, authors and the first batch staged, nothing published.
      let phase = '';
      await expect(
        runImport(node.db, {
          format: disqusFormat,
          path,
          progress: {
            start(name) {
              phase = name;
            },
            stop() {},
            // Past the second batch: the reader has waited for the first to be staged.
            update(_bytes, postsRead) {
              if (phase === 'importing' && postsRead > 2100) throw new Error('the node died');
            },
          },
        }),
      ).rejects.toThrow('the node died');
      const { rows } = await sql<{ staged: number }>`
        SELECT count(*)::int AS staged FROM import_staged_comments`.execute(node.db);
      expect(rows[0]!.staged).toBeGreaterThan(0);

      const admin = await node.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'admin')
        .executeTakeFirstOrThrow();
      const id = await node.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('importJobs')
          .values({
            source: 'disqus',
            fileName: 'died.xml',
            fileBytes: Buffer.byteLength(text),
            status: 'running',
            attempts: 1,
            phase: 'importing',
            leaseUntil: new Date(Date.now() - 1000),
            startedBy: admin.id,
            startedAt: new Date(),
            updatedAt: new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('importUploadChunks')
          .values({ jobId: row.id, seq: 0, data: Buffer.from(text) })
          .execute();
        return row.id;
      });

      const done = await jobEnded(await loginAdmin(node), id, 120_000);
      expect(done.status).toBe('done');
      expect(done.attempts).toBe(2);
      expect(await imported(node.db)).toEqual({
        comments: before + posts,
        distinct: before + posts,
        staged: 0,
      });
      const { rows: chunks } = await sql<{ count: number }>`
        SELECT count(*)::int AS count FROM import_upload_chunks WHERE job_id = ${id}`.execute(node.db);
      expect(chunks[0]!.count).toBe(0);
    },
    BOOT_TIMEOUT_MS,
  );
});

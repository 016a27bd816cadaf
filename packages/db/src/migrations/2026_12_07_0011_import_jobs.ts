import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// Imports started from /moderate (issue 20). The uploaded file is kept as chunks in a table, so
// whichever node claims the job can read it (no shared disk needed); the chunks go once the job ends.
// A job is claimed by one node at a time through its lease; a node that dies leaves a lease that runs
// out, and another node runs the job again (the importer writes nothing twice).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE import_jobs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source text NOT NULL CHECK (source IN ('disqus', 'wordpress', 'parley')),
      file_name text NOT NULL,
      file_bytes bigint NOT NULL DEFAULT 0,
      status text NOT NULL DEFAULT 'uploading'
        CHECK (status IN ('uploading', 'queued', 'running', 'done', 'failed')),
      phase text,
      bytes_read bigint NOT NULL DEFAULT 0,
      posts_read integer NOT NULL DEFAULT 0,
      attempts integer NOT NULL DEFAULT 0,
      lease_until timestamptz,
      report jsonb,
      error text,
      started_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX import_jobs_newest ON import_jobs (created_at DESC, id DESC)`.execute(db);
  await sql`
    CREATE INDEX import_jobs_claimable ON import_jobs (created_at)
      WHERE status IN ('queued', 'running')`.execute(db);
  await sql`
    CREATE TABLE import_upload_chunks (
      job_id uuid NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
      seq integer NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (job_id, seq)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE import_upload_chunks`.execute(db);
  await sql`DROP TABLE import_jobs`.execute(db);
}

import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// The transactional outbox: every outbound effect (an email, a webhook call, a delayed job) is a row
// written in the same transaction as the change that causes it, then claimed by workers on every
// node (FOR UPDATE SKIP LOCKED), run off the request path, and marked done or retried.

const statements = [
  `CREATE TABLE outbox (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL CHECK (char_length(kind) BETWEEN 1 AND 64),
    payload jsonb NOT NULL DEFAULT '{}',
    dedupe_key text UNIQUE,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    run_after timestamptz(3) NOT NULL DEFAULT now(),
    lease_until timestamptz(3),
    last_error text,
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    done_at timestamptz(3)
  )`,
  // What workers poll: pending rows by when they are due. Done rows never enter it.
  `CREATE INDEX outbox_due_idx ON outbox (run_after, id) WHERE status = 'pending'`,
  // The admins' list of parked rows, newest first.
  `CREATE INDEX outbox_failed_idx ON outbox (created_at DESC, id DESC) WHERE status = 'failed'`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE outbox`.execute(db);
}

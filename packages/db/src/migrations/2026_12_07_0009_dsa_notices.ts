import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// Notice and action under the EU Digital Services Act (issue 21 item 5): notices of illegal
// content (Art. 16) with their own clock and status, the moderator's decision that is the
// statement of reasons (Art. 17), and the internal complaints against it (Art. 20). These are the
// newsroom's records: a notice stays when its comment or any account involved goes (ids go null),
// so the transparency report still counts it.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE dsa_notices (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    comment_id uuid REFERENCES comments (id) ON DELETE SET NULL,
    author_id uuid REFERENCES users (id) ON DELETE SET NULL,
    category text NOT NULL CHECK (category IN ('child_sexual_abuse_material', 'illegal_hate_speech',
      'terrorist_content', 'threats_or_incitement_to_violence', 'defamation', 'privacy_violation',
      'intellectual_property', 'scams_and_fraud', 'other_illegal_content')),
    explanation text NOT NULL CHECK (char_length(explanation) BETWEEN 1 AND 5000),
    notifier_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
    notifier_name text CHECK (notifier_name IS NULL OR char_length(notifier_name) BETWEEN 1 AND 200),
    notifier_email text CHECK (notifier_email IS NULL OR char_length(notifier_email) BETWEEN 3 AND 254),
    notifier_token_hash text NOT NULL,
    good_faith boolean NOT NULL CHECK (good_faith),
    status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'under_review', 'decided')),
    received_at timestamptz(3) NOT NULL DEFAULT now(),
    review_started_at timestamptz(3),
    reviewed_by uuid REFERENCES users (id) ON DELETE SET NULL,
    decided_at timestamptz(3),
    decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
    action text CHECK (action IN ('removed', 'restricted', 'no_action')),
    facts text CHECK (facts IS NULL OR char_length(facts) BETWEEN 1 AND 5000),
    ground text CHECK (ground IS NULL OR char_length(ground) BETWEEN 1 AND 1000),
    automated boolean,
    redress text CHECK (redress IS NULL OR char_length(redress) BETWEEN 1 AND 2000),
    CHECK ((status = 'decided') = (decided_at IS NOT NULL AND action IS NOT NULL))
  )`.execute(db);
  // The queue (by status, oldest first), the report (by period) and an author's statements.
  await sql`CREATE INDEX dsa_notices_status_idx ON dsa_notices (status, received_at, id)`.execute(db);
  await sql`CREATE INDEX dsa_notices_received_idx ON dsa_notices (received_at)`.execute(db);
  await sql`CREATE INDEX dsa_notices_author_idx ON dsa_notices (author_id, decided_at DESC, id DESC)
    WHERE author_id IS NOT NULL`.execute(db);
  await sql`CREATE TABLE dsa_appeals (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    notice_id uuid NOT NULL REFERENCES dsa_notices (id) ON DELETE CASCADE,
    appellant text NOT NULL CHECK (appellant IN ('author', 'notifier')),
    appellant_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
    reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 5000),
    status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'decided')),
    received_at timestamptz(3) NOT NULL DEFAULT now(),
    decided_at timestamptz(3),
    decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
    outcome text CHECK (outcome IN ('upheld', 'reversed')),
    explanation text CHECK (explanation IS NULL OR char_length(explanation) BETWEEN 1 AND 5000),
    UNIQUE (notice_id, appellant),
    CHECK ((status = 'decided') = (decided_at IS NOT NULL AND outcome IS NOT NULL))
  )`.execute(db);
  await sql`CREATE INDEX dsa_appeals_status_idx ON dsa_appeals (status, received_at, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE dsa_appeals`.execute(db);
  await sql`DROP TABLE dsa_notices`.execute(db);
}

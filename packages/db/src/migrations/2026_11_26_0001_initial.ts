import { sql, type Kysely } from 'kysely';
// Timestamps keep milliseconds (timestamptz(3)) so a JavaScript Date round-trips exactly into keyset cursors.

// Frozen in time: this migration never imports application code and is never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.

const VISIBLE = `('published', 'approved')`;
const LISTED = `('published', 'approved', 'deleted')`;

const statements = [
  `CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username text NOT NULL CHECK (username ~ '^[A-Za-z0-9_.-]{3,32}$'),
    display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 64),
    password_hash text NOT NULL,
    role text NOT NULL DEFAULT 'reader' CHECK (role IN ('reader', 'moderator', 'admin')),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'banned')),
    suspended_until timestamptz(3),
    ban_reason text,
    always_premod boolean NOT NULL DEFAULT false,
    approved_count integer NOT NULL DEFAULT 0,
    rejected_count integer NOT NULL DEFAULT 0,
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    CHECK ((status = 'suspended') = (suspended_until IS NOT NULL))
  )`,
  `CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username))`,

  `CREATE TABLE sessions (
    token_hash text PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    expires_at timestamptz(3) NOT NULL
  )`,
  `CREATE INDEX sessions_user_id_idx ON sessions (user_id)`,

  `CREATE TABLE articles (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title text NOT NULL,
    body text NOT NULL,
    tags text[] NOT NULL DEFAULT '{}',
    published_at timestamptz(3) NOT NULL,
    comments_open boolean NOT NULL DEFAULT true,
    premod text NOT NULL DEFAULT 'off' CHECK (premod IN ('off', 'links', 'new_users', 'all')),
    comment_count integer NOT NULL DEFAULT 0,
    created_at timestamptz(3) NOT NULL DEFAULT now()
  )`,

  `CREATE TABLE comments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    parent_id uuid REFERENCES comments (id) ON DELETE CASCADE,
    root_id uuid NOT NULL,
    depth integer NOT NULL CHECK (depth >= 0),
    author_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body text NOT NULL CHECK (char_length(body) <= 5000),
    status text NOT NULL CHECK (status IN ('published', 'pending', 'approved', 'rejected', 'deleted')),
    flags text[] NOT NULL DEFAULT '{}',
    matched_words text[] NOT NULL DEFAULT '{}',
    featured boolean NOT NULL DEFAULT false,
    edited_at timestamptz(3),
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    updated_at timestamptz(3) NOT NULL DEFAULT now(),
    reply_count integer NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
    reaction_count integer NOT NULL DEFAULT 0 CHECK (reaction_count >= 0),
    report_count integer NOT NULL DEFAULT 0 CHECK (report_count >= 0),
    client_id uuid,
    decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
    decided_at timestamptz(3),
    CHECK ((parent_id IS NULL) = (depth = 0)),
    CHECK (parent_id IS NOT NULL OR root_id = id)
  )`,
  `CREATE UNIQUE INDEX comments_author_client_id_key ON comments (author_id, client_id) WHERE client_id IS NOT NULL`,
  // A thread page by cursor, one index per sort; partial on what readers can list.
  `CREATE INDEX comments_thread_newest_idx ON comments (article_id, created_at DESC, id DESC)
     WHERE parent_id IS NULL AND status IN ${LISTED}`,
  `CREATE INDEX comments_thread_top_idx ON comments (article_id, reaction_count DESC, created_at DESC, id DESC)
     WHERE parent_id IS NULL AND status IN ${LISTED}`,
  `CREATE INDEX comments_thread_replies_idx ON comments (article_id, reply_count DESC, created_at DESC, id DESC)
     WHERE parent_id IS NULL AND status IN ${LISTED}`,
  `CREATE INDEX comments_replies_idx ON comments (parent_id, created_at, id) WHERE status IN ${LISTED}`,
  // Catch-up after a reconnect: everything in an article that changed since a moment.
  `CREATE INDEX comments_article_updated_idx ON comments (article_id, updated_at)`,
  // Moderation queues, newest first; "reported" is every comment with open reports.
  `CREATE INDEX comments_queue_status_idx ON comments (status, created_at DESC, id DESC)`,
  `CREATE INDEX comments_queue_reported_idx ON comments (created_at DESC, id DESC) WHERE report_count > 0`,
  `CREATE INDEX comments_author_history_idx ON comments (author_id, created_at DESC)`,

  `CREATE TABLE reactions (
    comment_id uuid NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('like')),
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (comment_id, user_id, kind)
  )`,

  `CREATE TABLE reports (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    comment_id uuid NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    reporter_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason text NOT NULL CHECK (reason IN ('spam', 'abuse', 'off_topic', 'other')),
    note text CHECK (char_length(note) <= 500),
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    resolved_at timestamptz(3),
    UNIQUE (comment_id, reporter_id)
  )`,

  `CREATE TABLE moderation_actions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
    action text NOT NULL,
    comment_id uuid REFERENCES comments (id) ON DELETE SET NULL,
    user_id uuid REFERENCES users (id) ON DELETE SET NULL,
    article_id uuid REFERENCES articles (id) ON DELETE SET NULL,
    reason text,
    details jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz(3) NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX moderation_actions_log_idx ON moderation_actions (created_at DESC, id DESC)`,
  `CREATE INDEX moderation_actions_comment_idx ON moderation_actions (comment_id)`,

  `CREATE TABLE site_settings (
    id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    banned_words text[] NOT NULL DEFAULT '{}',
    suspect_words text[] NOT NULL DEFAULT '{}',
    edit_window_seconds integer NOT NULL DEFAULT 300 CHECK (edit_window_seconds >= 0),
    post_interval_seconds integer NOT NULL DEFAULT 3 CHECK (post_interval_seconds >= 0),
    repeat_window_seconds integer NOT NULL DEFAULT 360 CHECK (repeat_window_seconds >= 0),
    report_threshold integer NOT NULL DEFAULT 3 CHECK (report_threshold >= 1),
    updated_at timestamptz(3) NOT NULL DEFAULT now()
  )`,
  `INSERT INTO site_settings (id) VALUES (1)`,

  // Counters are kept by triggers so that no code path can forget one.
  `CREATE FUNCTION parley_comment_counters() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    old_status text := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.status END;
    new_status text := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.status END;
    visible_delta integer := (COALESCE(new_status IN ${VISIBLE}, false))::integer
                           - (COALESCE(old_status IN ${VISIBLE}, false))::integer;
    approved_delta integer := (COALESCE(new_status = 'approved', false))::integer
                            - (COALESCE(old_status = 'approved', false))::integer;
    rejected_delta integer := (COALESCE(new_status = 'rejected', false))::integer
                            - (COALESCE(old_status = 'rejected', false))::integer;
    row_article uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.article_id ELSE NEW.article_id END;
    row_parent uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.parent_id ELSE NEW.parent_id END;
    row_author uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.author_id ELSE NEW.author_id END;
  BEGIN
    IF visible_delta <> 0 THEN
      UPDATE articles SET comment_count = comment_count + visible_delta WHERE id = row_article;
      IF row_parent IS NOT NULL THEN
        UPDATE comments SET reply_count = reply_count + visible_delta, updated_at = now() WHERE id = row_parent;
      END IF;
    END IF;
    IF approved_delta <> 0 OR rejected_delta <> 0 THEN
      UPDATE users SET approved_count = approved_count + approved_delta,
                       rejected_count = rejected_count + rejected_delta
       WHERE id = row_author;
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER comments_counters AFTER INSERT OR DELETE OR UPDATE OF status ON comments
     FOR EACH ROW EXECUTE FUNCTION parley_comment_counters()`,

  `CREATE FUNCTION parley_reaction_counters() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      UPDATE comments SET reaction_count = reaction_count + 1, updated_at = now() WHERE id = NEW.comment_id;
    ELSE
      UPDATE comments SET reaction_count = reaction_count - 1, updated_at = now() WHERE id = OLD.comment_id;
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER reactions_counters AFTER INSERT OR DELETE ON reactions
     FOR EACH ROW EXECUTE FUNCTION parley_reaction_counters()`,

  `CREATE FUNCTION parley_report_counters() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    delta integer := (CASE WHEN TG_OP <> 'DELETE' AND NEW.resolved_at IS NULL THEN 1 ELSE 0 END)
                   - (CASE WHEN TG_OP <> 'INSERT' AND OLD.resolved_at IS NULL THEN 1 ELSE 0 END);
  BEGIN
    IF delta <> 0 THEN
      UPDATE comments SET report_count = report_count + delta
       WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.comment_id ELSE NEW.comment_id END;
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER reports_counters AFTER INSERT OR DELETE OR UPDATE OF resolved_at ON reports
     FOR EACH ROW EXECUTE FUNCTION parley_report_counters()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'reports',
    'reactions',
    'moderation_actions',
    'comments',
    'sessions',
    'articles',
    'users',
    'site_settings',
  ]) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
  for (const fn of ['parley_comment_counters', 'parley_reaction_counters', 'parley_report_counters']) {
    await sql.raw(`DROP FUNCTION IF EXISTS ${fn}()`).execute(db);
  }
}

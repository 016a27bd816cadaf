/**
 * Baseline for writes and reads: node:http and a pg pool, nothing else. It runs the same SQL
 * work as Parley's endpoint would at minimum:
 *
 *   POST /comments  {storyId, authorId, body}  → the same INSERT into comments (same columns;
 *                   the counter triggers fire as for Parley), 201 with the new id.
 *   GET  /thread?slug=&sort=&limit=&cursor=      → a keyset page of top-level comments with their
 *                   authors, plus the first 3 replies of each (one LATERAL query), as JSON, with
 *                   the next cursor in Parley's format (base64url JSON of the sort key).
 *
 * Env: PORT, DATABASE_URL, DATABASE_POOL_SIZE (default 10, Parley's default).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
pool.on('error', () => undefined);

const LISTED = `c.status IN ('published', 'approved', 'deleted') AND (c.status <> 'deleted' OR c.reply_count > 0)`;
const SORTS: Record<string, { key: string | null; desc: boolean }> = {
  newest: { key: null, desc: true },
  oldest: { key: null, desc: false },
  top: { key: 'reaction_count', desc: true },
  replies: { key: 'reply_count', desc: true },
};

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

async function insert(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { storyId, authorId, body } = JSON.parse(await readBody(request)) as Record<string, string>;
  const id = randomUUID();
  const result = await pool.query<{ id: string }>(
    `INSERT INTO comments (id, story_id, parent_id, root_id, depth, author_id, body, status, flags, matched_words, client_id)
     VALUES ($1, $2, NULL, $1, 0, $3, $4, 'published', '{}', '{}', NULL) RETURNING id`,
    [id, storyId, authorId, body],
  );
  json(response, 201, { id: result.rows[0]!.id });
}

interface Row {
  id: string;
  parent_id: string | null;
  created_at: Date;
  reaction_count: number;
  reply_count: number;
  [column: string]: unknown;
}

async function thread(url: URL, response: ServerResponse): Promise<void> {
  const sort = SORTS[url.searchParams.get('sort') ?? 'newest'];
  if (!sort) return json(response, 400, { error: 'sort' });
  const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 20));
  const cursor = url.searchParams.get('cursor');
  const after = cursor
    ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as (string | number)[])
    : null;
  const direction = sort.desc ? 'DESC' : 'ASC';
  const op = sort.desc ? '<' : '>';
  const params: unknown[] = [url.searchParams.get('slug'), limit + 1];
  let keyset = '';
  if (after) {
    params.push(...after);
    keyset = sort.key
      ? `AND (c.${sort.key}, c.created_at, c.id) ${op} ($3, $4::timestamptz, $5::uuid)`
      : `AND (c.created_at, c.id) ${op} ($3::timestamptz, $4::uuid)`;
  }
  const order = `${sort.key ? `c.${sort.key} ${direction}, ` : ''}c.created_at ${direction}, c.id ${direction}`;
  const top = await pool.query<Row>(
    `SELECT c.*, u.username AS author_username, u.display_name AS author_display_name, u.role AS author_role
       FROM comments c JOIN users u ON u.id = c.author_id
      WHERE c.story_id = (SELECT id FROM stories WHERE slug = $1) AND c.parent_id IS NULL AND ${LISTED} ${keyset}
      ORDER BY ${order} LIMIT $2`,
    params,
  );
  const page = top.rows.slice(0, limit);
  const replies = page.length
    ? await pool.query<Row>(
        `SELECT c.*, u.username AS author_username, u.display_name AS author_display_name, u.role AS author_role
           FROM unnest($1::uuid[]) AS p(id)
           CROSS JOIN LATERAL (
             SELECT * FROM comments c WHERE c.parent_id = p.id AND ${LISTED} ORDER BY c.created_at, c.id LIMIT 3
           ) c
           JOIN users u ON u.id = c.author_id
          ORDER BY c.created_at, c.id`,
        [page.map((row) => row.id)],
      )
    : { rows: [] as Row[] };
  const byParent = new Map<string, Row[]>();
  for (const reply of replies.rows) {
    const list = byParent.get(reply.parent_id!) ?? [];
    list.push(reply);
    byParent.set(reply.parent_id!, list);
  }
  const last = page.at(-1);
  const nextKey = last && [
    ...(sort.key ? [last[sort.key] as number] : []),
    last.created_at.toISOString(),
    last.id,
  ];
  json(response, 200, {
    items: page.map((row) => ({ ...row, replies: byParent.get(row.id) ?? [] })),
    nextCursor:
      top.rows.length > limit && nextKey ? Buffer.from(JSON.stringify(nextKey)).toString('base64url') : null,
  });
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  let work: Promise<void> | undefined;
  if (request.method === 'GET' && url.pathname === '/health') response.end('ok');
  else if (request.method === 'POST' && url.pathname === '/comments') work = insert(request, response);
  else if (request.method === 'GET' && url.pathname === '/thread') work = thread(url, response);
  else response.writeHead(404).end();
  work?.catch((error: unknown) => json(response, 500, { error: String(error) }));
});
server.keepAliveTimeout = 60_000;

const shutdown = () => {
  server.close();
  void pool.end();
  setTimeout(() => process.exit(0), 200);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
server.listen(Number(process.env.PORT), '127.0.0.1', () =>
  console.log(`bare sql listening on ${process.env.PORT}`),
);

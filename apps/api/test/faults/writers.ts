import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DB, Kysely } from '@parley/db';
import type { ApiErrorBody } from '@parley/shared';
import { uniqueBody, type TestUser } from '../support/factories.js';

/** One post of a writer stream: what was sent, and what came back (or how it failed). */
export interface Outcome {
  clientId: string;
  body: string;
  /** Base URL of the node it was sent to. */
  node: string;
  author: TestUser;
  started: number;
  ended: number;
  status?: number;
  id?: string;
  code?: string;
  /** A network-level failure (no HTTP answer), e.g. ECONNREFUSED. */
  error?: string;
}

export const acknowledged = (outcome: Outcome) => outcome.status === 201 || outcome.status === 200;

/** Posts one comment as a browser would (cookie, Origin, a clientId), never throwing. */
export async function post(
  baseUrl: string,
  author: TestUser,
  slug: string,
  clientId: string = randomUUID(),
  body = uniqueBody('Stream'),
): Promise<Outcome> {
  const started = performance.now();
  const outcome: Outcome = { clientId, body, node: baseUrl, author, started, ended: started };
  try {
    const response = await fetch(`${baseUrl}/api/stories/${slug}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: author.client.cookie!, origin: baseUrl },
      body: JSON.stringify({ body, clientId }),
      signal: AbortSignal.timeout(15_000),
    });
    const parsed = (await response.json().catch(() => ({}))) as {
      comment?: { id: string };
    } & Partial<ApiErrorBody>;
    Object.assign(outcome, { status: response.status, id: parsed.comment?.id, code: parsed.code });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    outcome.error = cause?.code ?? (error as Error).name;
  }
  outcome.ended = performance.now();
  return outcome;
}

export interface WriterStream {
  outcomes: Outcome[];
  acked(): number;
  /** Stops the loops and waits for the posts in flight. */
  stop(): Promise<void>;
}

/**
 * Authors posting in a loop, each to the node `target(index)` names at the time of each post,
 * with a short pause between posts (this machine's two cores are shared).
 */
export function startWriters(
  authors: TestUser[],
  slug: string,
  target: (index: number) => string,
  pauseMs = 50,
): WriterStream {
  const outcomes: Outcome[] = [];
  let stopped = false;
  const loops = authors.map(async (author, index) => {
    while (!stopped) {
      outcomes.push(await post(target(index), author, slug));
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  });
  return {
    outcomes,
    acked: () => outcomes.filter(acknowledged).length,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/**
 * The database holds every acknowledged post exactly once, under the id it was acknowledged with,
 * and no clientId twice. Returns what is wrong, for a readable assertion.
 */
export async function lostOrDuplicated(db: Kysely<DB>, outcomes: Outcome[]): Promise<string[]> {
  const clientIds = [...new Set(outcomes.map((outcome) => outcome.clientId))];
  if (clientIds.length === 0) return [];
  const rows = await db
    .selectFrom('comments')
    .select(['id', 'clientId'])
    .where('clientId', 'in', clientIds)
    .execute();
  const problems: string[] = [];
  const byClientId = new Map<string, string[]>();
  for (const row of rows) byClientId.set(row.clientId!, [...(byClientId.get(row.clientId!) ?? []), row.id]);
  for (const [clientId, ids] of byClientId) {
    if (ids.length > 1) problems.push(`${clientId} stored ${ids.length} times`);
  }
  for (const outcome of outcomes.filter(acknowledged)) {
    const ids = byClientId.get(outcome.clientId) ?? [];
    if (!ids.includes(outcome.id!))
      problems.push(`${outcome.clientId} acknowledged as ${outcome.id}, stored: ${ids.join(',') || 'none'}`);
  }
  return problems;
}

/** Counts outcomes by status (or network error), e.g. `{ "201": 80, "503": 12 }`. */
export function tally(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const kind = String(outcome.status ?? outcome.error);
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BenchDatabase } from '../lib/database.js';
import type { NodeChild } from '../lib/processes.js';
import type { Options } from '../options.js';

export interface Author {
  id: string;
  username: string;
  /** `parley_session=…`, as a browser would send it. */
  cookie: string;
}

/** What every scenario shares: flags, the bench database, signed-up authors, where to write. */
export interface Context {
  options: Options;
  database: BenchDatabase;
  redisUrl: string;
  resultsDir: string;
  logDir: string;
  authors: Author[];
  /** The seeded launch article: fan-out and writes post here. */
  article: { slug: string; id: string };
  /** The articles with big seeded threads, for reads, one per size. */
  readsArticles: { slug: string; id: string; comments: number }[];
  /** Redis key prefixes the run handed out, deleted at the end. */
  redisPrefixes: string[];
  log(line: string): void;
}

/** Text after the marker in posted comments: sized so a `comment:created` frame is about 540 bytes. */
export const FILLER = 'An ordinary remark.';

export function uniqueTag(): string {
  return randomBytes(3).toString('hex');
}

/** When --profile is on, records a CPU profile of each Parley server over `work`. */
export async function profiled<T>(
  context: Context,
  label: string,
  servers: NodeChild[],
  work: () => Promise<T>,
): Promise<T> {
  if (!context.options.profile) return work();
  await Promise.all(
    servers.map(async (server) => {
      server.send({ type: 'profile:start' });
      await server.next('profile:started', 10_000);
    }),
  );
  try {
    return await work();
  } finally {
    await Promise.all(
      servers.map(async (server, index) => {
        const path = join(
          context.resultsDir,
          'profiles',
          `${label}${servers.length > 1 ? `-node${index + 1}` : ''}.cpuprofile`,
        );
        server.send({ type: 'profile:stop', path });
        await server.next('profile:written', 30_000);
        context.log(`    profile: ${path}`);
      }),
    );
  }
}

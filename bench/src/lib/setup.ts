/** Before and after the scenarios: the production build, the authors, and Redis keys left behind. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'redis';
import type { Options } from '../options.js';
import type { Author } from '../scenarios/context.js';
import { log } from './log.js';
import { REPO_ROOT } from './servers.js';

/** Parley must be built for production; build what is missing (turbo caches the rest). */
export function ensureBuilt(options: Options): void {
  const needed = [
    'apps/api/dist/main.js',
    'packages/db/dist/index.js',
    'packages/shared/dist/index.js',
    'apps/web/dist/index.html',
  ];
  const missing = needed.filter((file) => !existsSync(join(REPO_ROOT, file)));
  if (!options.build && missing.length === 0) return;
  log(options.build ? 'building Parley (turbo, cached)…' : `building Parley: missing ${missing.join(', ')}`);
  const result = spawnSync(
    'pnpm',
    ['turbo', 'run', 'build', '--filter=@parley/api...', '--filter=@parley/web', '--output-logs=errors-only'],
    {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error('the Parley build failed');
}

export async function register(origin: string, count: number): Promise<Author[]> {
  const suffix = Math.random().toString(36).slice(2, 7);
  const authors: Author[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const username = `bench_a${index}_${suffix}`;
      const response = await fetch(`${origin}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'bench-password-1' }),
      });
      if (response.status !== 201 && response.status !== 200) {
        throw new Error(`register ${username}: ${response.status} ${(await response.text()).slice(0, 200)}`);
      }
      const cookie = response.headers.getSetCookie().find((value) => value.startsWith('parley_session='));
      if (!cookie) throw new Error(`register ${username}: no parley_session cookie`);
      const me = (await response.json()) as { id: string };
      authors[index] = { id: me.id, username, cookie: cookie.split(';')[0]! };
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return authors;
}

export async function cleanRedis(url: string, prefixes: string[]): Promise<void> {
  if (prefixes.length === 0) return;
  const redis = createClient({ url });
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    for (const prefix of prefixes) {
      for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) {
        if (keys.length) await redis.del(keys);
      }
    }
  } finally {
    await redis.close();
  }
}

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createDatabase, type DatabaseEngine } from '@parley/db';
import { createTestDatabase, testEngines, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parley, SLOW_MS } from './support/cli.js';
import { census, FIXTURES } from './support/import.js';

/** A database the CLI can reach, and a way to count its rows while no CLI holds it. */
interface Site {
  env: Record<string, string>;
  census(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

async function site(engine: DatabaseEngine, dir: string, name: string): Promise<Site> {
  if (engine === 'postgres') {
    const postgres: TestDatabase = await createTestDatabase('postgres');
    return {
      env: { DATABASE_URL: postgres.url! },
      census: () => census(postgres.db),
      close: () => postgres.close(),
    };
  }
  const dataDir = join(dir, name);
  return {
    env: { PARLEY_DATA_DIR: dataDir },
    census: async () => {
      const database = await createDatabase({ dataDir });
      try {
        return await census(database.db);
      } finally {
        await database.close();
      }
    },
    close: async () => undefined,
  };
}

function lines(path: string): string[] {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8').trimEnd().split('\n');
}

/** The header without its time, then the records: what a round trip must keep. */
function comparable(path: string) {
  const [header, ...records] = lines(path);
  const { exportedAt, ...rest } = JSON.parse(header!) as Record<string, unknown>;
  expect(exportedAt).toMatch(/^\d{4}-/);
  return { header: rest, records };
}

describe('parley export and import parley', () => {
  describe.each(testEngines())('on %s', (engine: DatabaseEngine) => {
    let dir: string;
    let source: Site;
    let target: Site;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'parley-export-cli-'));
      source = await site(engine, dir, 'source');
      target = await site(engine, dir, 'target');
    }, SLOW_MS);
    afterAll(async () => {
      await source?.close();
      await target?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    // One test: each step needs the state the one before it left.
    it(
      'round-trips a site, keeps credentials out unless asked, imports twice adding nothing, and refuses bad files with exit 1',
      async () => {
        for (const each of [source, target]) expect((await parley(each.env, 'migrate')).code).toBe(0);
        const seeded = await parley(source.env, 'import', 'disqus', join(FIXTURES, 'disqus.xml'));
        expect(seeded.code, seeded.stderr).toBe(0);

        const exported = join(dir, 'site.jsonl.gz');
        const first = await parley(source.env, 'export', exported);
        expect(first.code, first.stderr).toBe(0);
        expect(first.stdout).toMatch(
          /exported \d+ stories, \d+ users, 18 comments to .*\(without emails or credentials\)\n$/,
        );
        const { header, records } = comparable(exported);
        expect(header).toMatchObject({ format: 'parley-export', version: 1, credentials: false });
        expect(records.filter((line) => line.startsWith('{"type":"comment"'))).toHaveLength(18);
        expect(records.join('\n')).not.toMatch(/"(email|passwordHash|ssoSubject)"/);
        expect(records.join('\n')).toContain('"status":"rejected"');
        expect(records.join('\n')).toContain('"rejectReason":"spam"');

        const withCredentials = join(dir, 'credentials.jsonl');
        expect((await parley(source.env, 'export', '--include-credentials', withCredentials)).code).toBe(0);
        expect(comparable(withCredentials).header).toMatchObject({ credentials: true });
        expect(readFileSync(withCredentials, 'utf8')).toMatch(/"email":"[^"]+@/);

        const before = await target.census();
        const imported = await parley(target.env, 'import', 'parley', exported);
        expect(imported.code, imported.stderr).toBe(0);
        expect(imported.stdout).toContain('comments: 18 new, 0 already imported');
        const again = await parley(target.env, 'import', 'parley', exported);
        expect(again.code, again.stderr).toBe(0);
        expect(again.stdout).toContain('comments: 0 new, 18 already imported');
        const after = await target.census();
        expect(after.comments).toBe(before.comments! + 18);
        expect(after.staged).toBe(0);

        const reexported = join(dir, 'again.jsonl');
        expect((await parley(target.env, 'export', reexported)).code).toBe(0);
        expect(comparable(reexported)).toEqual(comparable(exported));

        const [headerLine, ...recordLines] = lines(exported);
        const bad = (name: string, content: string) => {
          const path = join(dir, name);
          writeFileSync(path, content);
          return path;
        };
        const newer = headerLine!.replace('"version":1', '"version":2');
        const broken = [headerLine, recordLines[0], '{"type":"story",', ...recordLines.slice(1)].join('\n');
        for (const [path, message] of [
          [
            bad('newer.jsonl', [newer, ...recordLines].join('\n')),
            /version 2 Parley export; this Parley reads up to version 1: upgrade Parley/,
          ],
          [
            bad('headless.jsonl', recordLines.join('\n')),
            /not a Parley export: its first line must be the header/,
          ],
          [bad('broken.jsonl', broken), /: line 3: not valid JSON/],
          [
            bad('truncated.jsonl', [headerLine, ...recordLines.slice(0, -1)].join('\n')),
            /the header counts \d+ comments but the file holds \d+/,
          ],
        ] as const) {
          const refused = await parley(target.env, 'import', 'parley', path);
          expect(refused.code, path).toBe(1);
          expect(refused.stderr).toMatch(message);
        }
        expect(await target.census()).toEqual(after);
      },
      SLOW_MS,
    );
  });
});

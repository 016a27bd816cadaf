import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseEngine } from '@parley/db';
import { testEngines } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDatabase, parley, SLOW_MS, type CliDatabase } from './support/cli.js';

/** Slug → URL of the stories the test made. */
const STORIES: Record<string, string> = {
  'remap-about': 'https://old.example.com/about',
  'remap-news': 'https://old.example.com/news/1',
  'remap-blog': 'https://old.example.com/blog/hello',
  'remap-taken-from': 'https://old.example.com/taken',
  'remap-taken-to': 'https://new.example.com/taken',
  'remap-elsewhere': 'https://elsewhere.example.com/x',
};

const RULES = `# the site moved
https://old.example.com/about   https://new.example.com/about-us

https://old.example.com/*       https://new.example.com/*
https://old.example.com/blog/*  https://blog.example.com/*
# a story moves once a run: the news story stops at new.example.com
https://new.example.com/news/1  https://chain.example.com/news
`;

describe('parley stories remap', () => {
  describe.each(testEngines())('on %s', (engine: DatabaseEngine) => {
    let cli: CliDatabase;
    let env: Record<string, string>;
    let dir: string;
    let inspect: CliDatabase['inspect'];

    async function urls(): Promise<Record<string, string>> {
      const rows = await inspect((database) =>
        database.db.selectFrom('stories').select(['slug', 'url']).where('slug', 'like', 'remap-%').execute(),
      );
      return Object.fromEntries(rows.map((row) => [row.slug, row.url]));
    }

    async function remapLog() {
      return inspect((database) =>
        database.db
          .selectFrom('moderationActions as log')
          .innerJoin('stories', 'stories.id', 'log.storyId')
          .select(['stories.slug', 'log.action', 'log.actorId', 'log.details'])
          .where('log.action', '=', 'story_update')
          .orderBy('stories.slug')
          .execute(),
      );
    }

    beforeAll(async () => {
      cli = await cliDatabase(engine, 'parley-remap-cli-');
      ({ env, dir, inspect } = cli);
      const migrated = await parley(env, 'migrate');
      expect(migrated.code, migrated.stderr).toBe(0);
      await inspect((database) =>
        database.db
          .insertInto('stories')
          .values(
            Object.entries(STORIES).map(([slug, url]) => ({
              slug,
              url,
              title: slug,
              body: '',
              publishedAt: new Date(),
            })),
          )
          .execute(),
      );
    }, SLOW_MS);
    afterAll(() => cli?.close());

    // One test: each step needs the state the one before it left.
    it(
      'refuses a bad rules file naming the line, dry-runs writing nothing, then moves by exact and longest prefix rules and skips a taken URL',
      async () => {
        const bad = join(dir, 'bad.rules');
        writeFileSync(bad, `${RULES}\nhttps://old.example.com/x  mailto:someone@example.com\n`);
        const refused = await parley(env, 'stories', 'remap', bad);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toBe(
          `parley: ${bad}: line 9: not an http(s) URL: mailto:someone@example.com\n`,
        );
        expect(await urls()).toEqual(STORIES);

        const rules = join(dir, 'site.rules');
        writeFileSync(rules, RULES);
        const dry = await parley(env, 'stories', 'remap', '--dry-run', rules);
        expect(dry.code, dry.stderr).toBe(0);
        expect(dry.stdout).toContain(
          'dry run: nothing was written\nstories: 3 moved, 2 unchanged, 1 conflicts\n',
        );
        expect(await urls()).toEqual(STORIES);
        expect(await remapLog()).toEqual([]);

        const run = await parley(env, 'stories', 'remap', rules);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toContain('stories: 3 moved, 2 unchanged, 1 conflicts\n');
        expect(run.stdout).toContain(
          '  remap-taken-from (https://old.example.com/taken → https://new.example.com/taken): the URL belongs to story remap-taken-to\n',
        );
        expect(run.stdout).toMatch(
          env.REDIS_URL ? /thread caches: 3 stories refreshed/ : /thread caches: no Redis configured/,
        );
        expect(await urls()).toEqual({
          ...STORIES,
          'remap-about': 'https://new.example.com/about-us',
          'remap-news': 'https://new.example.com/news/1',
          'remap-blog': 'https://blog.example.com/hello',
        });
        expect(await remapLog()).toEqual([
          {
            slug: 'remap-about',
            action: 'story_update',
            actorId: null,
            details: {
              url: 'https://new.example.com/about-us',
              previousUrl: 'https://old.example.com/about',
              via: 'stories remap',
            },
          },
          expect.objectContaining({ slug: 'remap-blog', actorId: null }),
          expect.objectContaining({ slug: 'remap-news', actorId: null }),
        ]);
      },
      SLOW_MS,
    );
  });
});

import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { PLACEHOLDER_STORY_ORIGIN, type DB } from './schema.js';

interface ArticleFixture {
  slug: string;
  title: string;
  paragraphs: string[];
  tags: string[];
  /** The canonical URL of the story; absent: the placeholder (see PLACEHOLDER_STORY_ORIGIN). */
  url?: string;
}

export const SEEDED_STORY_SLUG = 'lavrov-west-balkans-bridgehead';

const fixture = JSON.parse(
  readFileSync(new URL('./seed/lavrov-article.json', import.meta.url), 'utf8'),
) as ArticleFixture;

/**
 * Inserts the launch article (a story). Idempotent: running it again changes nothing, not even a URL
 * an admin has set since.
 */
export async function seed(db: Kysely<DB>): Promise<void> {
  await db
    .insertInto('stories')
    .values({
      slug: SEEDED_STORY_SLUG,
      url: fixture.url ?? `${PLACEHOLDER_STORY_ORIGIN}/stories/${SEEDED_STORY_SLUG}`,
      title: fixture.title,
      body: fixture.paragraphs.join('\n\n'),
      tags: fixture.tags,
      publishedAt: new Date('2022-12-26T09:00:00Z'),
    })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
}

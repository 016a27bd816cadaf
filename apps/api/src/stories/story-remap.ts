import type { DB, Kysely } from '@parley/db';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import type { RemapRules } from './story-remap-rules.js';

/** How many conflicts the report names; the rest are counted. */
export const NAMED_CONFLICTS = 20;

export interface RemapConflict {
  slug: string;
  url: string;
  /** Where the rules would move it (null when they make no valid URL of it). */
  target: string | null;
  why: string;
}

/** What a remap did (or, in a dry run, would do). */
export interface RemapReport {
  dryRun: boolean;
  moved: number;
  unchanged: number;
  conflicts: number;
  /** The first NAMED_CONFLICTS, in story id order. */
  namedConflicts: RemapConflict[];
  /** Stories whose URL changed: their cached thread pages are stale. */
  movedStoryIds: string[];
}

interface StoryUrl {
  id: string;
  slug: string;
  url: string;
}

/** The only SQL of a remap: stories a page at a time, who owns some URLs, and a story's new URL. */
class StoryRemapRepository {
  constructor(private readonly db: Kysely<DB>) {}

  page(afterId: string | null, limit: number): Promise<StoryUrl[]> {
    return this.db
      .selectFrom('stories')
      .select(['id', 'slug', 'url'])
      .$if(afterId !== null, (query) => query.where('id', '>', afterId!))
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async ownersOf(urls: readonly string[]): Promise<Map<string, StoryUrl>> {
    if (urls.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('stories')
      .select(['id', 'slug', 'url'])
      .where('url', 'in', [...urls])
      .execute();
    return new Map(rows.map((row) => [row.url, row]));
  }

  async moveTo(id: string, url: string): Promise<void> {
    await this.db.updateTable('stories').set({ url }).where('id', '=', id).execute();
  }
}

/**
 * Applies the rules to every story, a page at a time, each page in one transaction with its
 * moderation log rows (a move is logged as an admin's URL edit is, `story_update`, by the system).
 * A target URL that another story owns, or that an earlier move of this run took, is a conflict:
 * reported and skipped, never merged (merging threads is `POST /api/moderation/stories/merge`).
 */
export async function remapStories(
  db: Kysely<DB>,
  rules: RemapRules,
  options: { dryRun?: boolean; batchSize?: number } = {},
): Promise<RemapReport> {
  const { dryRun = false, batchSize = 500 } = options;
  const report: RemapReport = {
    dryRun,
    moved: 0,
    unchanged: 0,
    conflicts: 0,
    namedConflicts: [],
    movedStoryIds: [],
  };
  const conflict = (entry: RemapConflict): void => {
    report.conflicts++;
    if (report.namedConflicts.length < NAMED_CONFLICTS) report.namedConflicts.push(entry);
  };
  /** Targets taken by this run, and URLs it freed (still in the database during a dry run). */
  const claimed = new Set<string>();
  const freed = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const page = await new StoryRemapRepository(db).page(after, batchSize);
    if (page.length === 0) break;
    after = page.at(-1)!.id;
    const candidates: (StoryUrl & { target: string })[] = [];
    for (const story of page) {
      const target = rules.target(story.url);
      if (target === story.url) report.unchanged++;
      else if (target === null)
        conflict({ ...story, target, why: 'its prefix rule makes no valid URL of it' });
      else candidates.push({ ...story, target });
    }
    if (candidates.length === 0) continue;
    const movePage = async (executor: Kysely<DB>): Promise<void> => {
      const stories = new StoryRemapRepository(executor);
      const log = new ModerationLogRepository(executor);
      const owners = await stories.ownersOf(candidates.map((story) => story.target));
      for (const story of candidates) {
        const owner = owners.get(story.target);
        if (claimed.has(story.target)) {
          conflict({ ...story, why: 'another story moves there in this run' });
          continue;
        }
        if (owner && owner.id !== story.id && !freed.has(story.target)) {
          conflict({ ...story, why: `the URL belongs to story ${owner.slug}` });
          continue;
        }
        claimed.add(story.target);
        freed.add(story.url);
        report.moved++;
        report.movedStoryIds.push(story.id);
        if (dryRun) continue;
        await stories.moveTo(story.id, story.target);
        await log.record({
          actorId: null,
          action: 'story_update',
          storyId: story.id,
          details: { url: story.target, previousUrl: story.url, via: 'stories remap' },
        });
      }
    };
    if (dryRun) await movePage(db);
    else await db.transaction().execute(movePage);
  }
  if (dryRun) report.movedStoryIds = [];
  return report;
}

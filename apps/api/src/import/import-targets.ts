import { findUnsafeCharacter, normalizeStoryUrl, STORY_TITLE_MAX_LENGTH } from '@parley/shared/values';
import { baseSlug, freeSlug, RESERVED_STORY_SLUGS, slugify, titleFromUrl } from '../stories/slug.js';
import { importedUsername, importedUuid } from './import-ids.js';
import type { ImportPlan } from './import-plan.js';
import type { ImportReport } from './import-report.js';
import type { SourceThread } from './import-source.js';
import type { ImportRepository } from './import.repository.js';

const DISPLAY_NAME_MAX_LENGTH = 64;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Stories for the threads that have posts to import: matched by external id, else by normalized
 * URL, else created (closed when the thread was). Threads naming one story share it. In a dry run
 * nothing is created and the threads that would get a new story map to null.
 */
export async function storiesForThreads(
  plan: ImportPlan,
  repository: ImportRepository,
  report: ImportReport,
  dryRun: boolean,
): Promise<Map<string, string | null>> {
  const { threadKeys } = plan.wanted();
  for (const thread of plan.threads.values()) {
    if (threadKeys.has(thread.key)) continue;
    report.storiesSkipped.add({
      kind: 'thread',
      id: thread.key,
      reason: plan.threadProblem(thread) ?? 'no_posts',
    });
  }
  const threads = [...threadKeys].map((key) => plan.threads.get(key)!);
  const byExternalId = await repository.storiesByExternalId(
    threads.flatMap((thread) => (thread.externalId ? [thread.externalId] : [])),
  );
  const byUrl = await repository.storiesByUrl(
    threads.flatMap((thread) => normalizeStoryUrl(thread.link) ?? []),
  );
  const stories = new Map<string, string | null>();
  const toMake: StoryToMake[] = [];
  const matched = new Set<string>();
  /** Stories this run made, by `id:…` and `url:…`, so that threads of one page make one story. */
  const made = new Map<string, string | null>();
  for (const thread of threads) {
    const url = normalizeStoryUrl(thread.link);
    const identities = [thread.externalId && `id:${thread.externalId}`, url && `url:${url}`].filter(
      (identity): identity is string => Boolean(identity),
    );
    const existing =
      (thread.externalId ? byExternalId.get(thread.externalId) : undefined) ??
      (url ? byUrl.get(url) : undefined);
    if (existing) {
      if (!matched.has(existing)) report.storiesMatched++;
      matched.add(existing);
      stories.set(thread.key, existing);
      continue;
    }
    if (identities.some((identity) => made.has(identity))) continue;
    report.storiesCreated++;
    for (const identity of identities) made.set(identity, null);
    toMake.push({ thread, url, identities });
  }
  const ids = dryRun ? new Map<string, string>() : await createStories(toMake, repository);
  for (const { thread, identities } of toMake) {
    for (const identity of identities) made.set(identity, ids.get(thread.key) ?? null);
  }
  // Threads that share a story made here learn its id now.
  for (const thread of threads) {
    if (stories.has(thread.key)) continue;
    const url = normalizeStoryUrl(thread.link);
    const identity = thread.externalId ? `id:${thread.externalId}` : `url:${url}`;
    stories.set(thread.key, made.get(identity) ?? (url ? made.get(`url:${url}`) : null) ?? null);
  }
  return stories;
}

interface StoryToMake {
  thread: SourceThread;
  url: string | null;
  identities: string[];
}

/**
 * New stories in one statement per thousand, with slugs chosen against those taken (one query);
 * a story that still collides (a reader opened its page meanwhile) goes the slow way, alone.
 */
async function createStories(
  toMake: readonly StoryToMake[],
  repository: ImportRepository,
): Promise<Map<string, string>> {
  const prepared = toMake.map(({ thread, url }) => {
    const title = storyTitle(thread, url);
    return { thread, url, title, base: url ? baseSlug(title, url) : slugify(title) || 'story' };
  });
  const used = new Set([
    ...(await repository.slugsWithBases([...new Set(prepared.map((story) => story.base))])),
    ...RESERVED_STORY_SLUGS,
  ]);
  const rows = prepared.map(({ thread, url, title, base }) => {
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    return {
      importId: thread.key,
      slug,
      url,
      externalId: thread.externalId,
      title,
      publishedAt: thread.createdAt ?? new Date(),
      commentsOpen: !thread.closed,
    };
  });
  const ids = await repository.insertStories(rows);
  for (const { thread, url } of prepared) {
    if (!ids.has(thread.key)) ids.set(thread.key, await createStory(thread, url, repository));
  }
  return ids;
}

function storyTitle(thread: SourceThread, url: string | null): string {
  return (
    cleanLine(thread.title, STORY_TITLE_MAX_LENGTH) ||
    (url ? titleFromUrl(url, STORY_TITLE_MAX_LENGTH) : `Story ${thread.key}`)
  );
}

async function createStory(
  thread: SourceThread,
  url: string | null,
  repository: ImportRepository,
): Promise<string> {
  const title = storyTitle(thread, url);
  const base = url ? baseSlug(title, url) : slugify(title) || 'story';
  const ownUrl = url;
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = freeSlug(base, await repository.slugsLike(base));
    const id = await repository.insertStory({
      importId: thread.key,
      slug,
      url: ownUrl,
      externalId: thread.externalId,
      title,
      publishedAt: thread.createdAt ?? new Date(),
      commentsOpen: !thread.closed,
    });
    if (id) return id;
    // Taken meanwhile (a reader opened the page, say): then it exists now.
    const found =
      (thread.externalId &&
        (await repository.storiesByExternalId([thread.externalId])).get(thread.externalId)) ||
      (ownUrl && (await repository.storiesByUrl([ownUrl])).get(ownUrl));
    if (found) return found;
  }
  throw new Error(`could not make a story for thread ${thread.key}`);
}

/** Imported accounts for the authors of the posts to import; their ids by author index. */
export async function authorsForPosts(
  plan: ImportPlan,
  repository: ImportRepository,
  report: ImportReport,
  source: string,
  dryRun: boolean,
): Promise<Map<number, string>> {
  const ids = new Map<number, string>();
  const wanted = [...plan.wanted().authors].map((index) => {
    const { author, key } = plan.authors[index]!;
    const id = importedUuid(source, 'author', key);
    ids.set(index, id);
    const email = author.email.trim();
    return {
      id,
      username: importedUsername(source, key),
      displayName:
        cleanLine(author.name, DISPLAY_NAME_MAX_LENGTH) ||
        cleanLine(author.username, DISPLAY_NAME_MAX_LENGTH) ||
        'Guest',
      email: EMAIL.test(email) && email.length <= 254 ? email : null,
      importKey: key,
    };
  });
  const existing = await repository.existingUserIds(wanted.map((author) => author.id));
  report.authorsMatched = existing.size;
  report.authorsCreated = wanted.length - existing.size;
  if (!dryRun) {
    await repository.insertAuthors(wanted.filter((author) => !existing.has(author.id)));
    await repository.rememberImportEmails(wanted.filter((author) => existing.has(author.id)));
  }
  return ids;
}

/** A name or title as one clean line: characters the name rule refuses dropped, white space folded, cut to `max`. */
export function cleanLine(text: string, max: number): string {
  let clean = text.replace(/\s+/g, ' ');
  for (let found = findUnsafeCharacter(clean, 'name'); found; found = findUnsafeCharacter(clean, 'name')) {
    clean = clean.slice(0, found.index) + clean.slice(found.index + 1);
  }
  return Array.from(clean.trim()).slice(0, max).join('').trim();
}

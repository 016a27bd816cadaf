import type { DB, Kysely } from '@parley/db';
import { importedUsername } from './import-ids.js';
import { ImportInputError } from './import-input-error.js';
import { SILENT_PROGRESS, type ImportProgress } from './import-progress.js';
import { ImportReport } from './import-report.js';
import { ImportRepository, type StagedComment } from './import.repository.js';
import {
  readParleyExport,
  type CommentRecord,
  type ExportHeader,
  type StoryRecord,
  type UserRecord,
} from './parley-format.js';
import { PAGE, ParleyRepository } from './parley.repository.js';
import { openXmlInput } from './xml-input.js';
import type { ImportResult } from './importer.js';

/**
 * Imports a Parley export, keeping every id. The first pass reads and checks every line (a file
 * with a bad line fails before anything is written); the second writes stories and users a page at
 * a time (matched by id, else by external id or URL for stories), stages comments through the
 * importer's staging table and publishes them in its one transaction. Running it again adds nothing.
 */
export async function runParleyImport(
  db: Kysely<DB>,
  options: { path: string; progress?: ImportProgress },
): Promise<ImportResult> {
  const progress = options.progress ?? SILENT_PROGRESS;
  const report = new ImportReport('parley', false);
  const input = await openXmlInput(options.path);
  let header: ExportHeader | undefined;
  const counts = { stories: 0, users: 0, comments: 0 };
  const storyIds = new Set<string>();
  const userIds = new Set<string>();
  const commentIds = new Set<string>();
  const parents: [line: number, id: string, parentId: string][] = [];
  progress.start('reading', input.size);
  for await (const { line, record } of readParleyExport(input, (read) => (header = read))) {
    progress.update(input.bytesRead, line);
    if (record.type === 'story') {
      counts.stories++;
      storyIds.add(record.id);
    } else if (record.type === 'user') {
      counts.users++;
      userIds.add(record.id);
    } else {
      counts.comments++;
      const missing = !storyIds.has(record.storyId)
        ? `its story ${record.storyId}`
        : !userIds.has(record.authorId)
          ? `its author ${record.authorId}`
          : null;
      if (missing)
        throw new ImportInputError(`line ${line}: comment ${record.id}: ${missing} is not in the file`);
      commentIds.add(record.id);
      if (record.parentId) parents.push([line, record.id, record.parentId]);
    }
  }
  progress.stop();
  if (!header) throw new ImportInputError('the file is empty: a Parley export starts with its header line');
  // Counts first: a file cut short also loses parents, and its length is the cause to name.
  for (const kind of ['stories', 'users', 'comments'] as const) {
    if (counts[kind] !== header.counts[kind]) {
      throw new ImportInputError(
        `the header counts ${header.counts[kind]} ${kind} but the file holds ${counts[kind]} (a truncated file?)`,
      );
    }
  }
  for (const [line, id, parentId] of parents) {
    if (!commentIds.has(parentId))
      throw new ImportInputError(`line ${line}: comment ${id} answers ${parentId}, which is not in the file`);
  }
  report.phaseDone('reading');

  const parley = new ParleyRepository(db);
  const staging = new ImportRepository(db, 'parley');
  const storyOf = new Map<string, string>();
  let stories: StoryRecord[] = [];
  let users: UserRecord[] = [];
  let comments: CommentRecord[] = [];
  progress.start('importing', input.size);
  let records = 0;
  for await (const { record } of readParleyExport(input, () => undefined)) {
    progress.update(input.bytesRead, ++records);
    if (record.type === 'story') stories.push(record);
    else if (record.type === 'user') users.push(record);
    else comments.push(record);
    if (stories.length >= PAGE) stories = await writeStories(parley, stories, storyOf, report);
    if (users.length >= PAGE) users = await writeUsers(parley, users, report);
    if (comments.length >= PAGE) comments = await stageComments(parley, staging, comments, storyOf, report);
  }
  await writeStories(parley, stories, storyOf, report);
  await writeUsers(parley, users, report);
  await stageComments(parley, staging, comments, storyOf, report);
  progress.stop();
  report.phaseDone('staging');
  const published = await staging.publishStaged();
  report.phaseDone('publishing');
  return { report, changedStoryIds: published.storyIds };
}

async function writeStories(
  repository: ParleyRepository,
  stories: StoryRecord[],
  storyOf: Map<string, string>,
  report: ImportReport,
): Promise<StoryRecord[]> {
  const matched = await repository.matchStories(stories);
  const fresh = stories.filter((story) => !matched.has(story.id));
  const taken = await repository.takenSlugs(fresh.map((story) => story.slug));
  // A slug taken here by another story: the imported one gets a free variant.
  const rows = fresh.map((story) => {
    let slug = story.slug;
    for (let n = 2; taken.has(slug); n++) slug = `${story.slug}-${n}`;
    taken.add(slug);
    return { ...story, slug };
  });
  report.storiesMatched += matched.size;
  report.storiesCreated += await repository.insertStories(rows);
  for (const [id, local] of matched) storyOf.set(id, local);
  return [];
}

async function writeUsers(
  repository: ParleyRepository,
  users: UserRecord[],
  report: ImportReport,
): Promise<UserRecord[]> {
  const existing = await repository.existingUsers(users.map((user) => user.id));
  const fresh = users.filter((user) => !existing.has(user.id));
  const taken = await repository.takenUsernames(fresh.map((user) => user.username));
  const rows = fresh.map((user) =>
    taken.has(user.username) ? { ...user, username: importedUsername('parley', user.id) } : user,
  );
  report.authorsMatched += existing.size;
  report.authorsCreated += await repository.insertUsers(rows);
  const missing = (await repository.existingUsers(users.map((user) => user.id))).size < users.length;
  // An email or SSO subject held here by another account: their comments could not be placed.
  if (missing)
    throw new Error(
      'some accounts of the file could not be created: their email or SSO subject belongs to another account here',
    );
  return [];
}

async function stageComments(
  parley: ParleyRepository,
  staging: ImportRepository,
  comments: CommentRecord[],
  storyOf: Map<string, string>,
  report: ImportReport,
): Promise<CommentRecord[]> {
  const existing = await parley.existingComments(comments.map((comment) => comment.id));
  report.commentsAlreadyImported += existing.size;
  const rows: StagedComment[] = comments
    .filter((comment) => !existing.has(comment.id))
    .map((comment) => ({
      importId: comment.id,
      id: comment.id,
      storyId: storyOf.get(comment.storyId) ?? comment.storyId,
      parentId: comment.parentId,
      rootId: comment.rootId,
      depth: comment.depth,
      authorId: comment.authorId,
      body: comment.body,
      status: comment.status,
      rejectReason: comment.status === 'rejected' ? comment.rejectReason : null,
      createdAt: new Date(comment.createdAt),
    }));
  for (const row of rows) {
    report.commentsNew++;
    if (row.status === 'deleted') report.placeholders++;
    else if (row.status === 'rejected') report.spam++;
    else if (row.status === 'pending') report.pending++;
  }
  await staging.stage(rows);
  return [];
}

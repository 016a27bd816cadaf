import type { DB, Kysely } from '@parley/db';
import { htmlToText, toStorableText } from './html-to-text.js';
import { importedUuid } from './import-ids.js';
import { ImportPlan, type PostFate } from './import-plan.js';
import { SILENT_PROGRESS, type ImportProgress } from './import-progress.js';
import { ImportReport } from './import-report.js';
import type { HtmlFlavour, ImportFormat, SourcePost } from './import-source.js';
import { authorsForPosts, storiesForThreads } from './import-targets.js';
import { ImportRepository, type StagedComment } from './import.repository.js';
import { openXmlInput } from './xml-input.js';

export interface ImportOptions {
  format: ImportFormat;
  path: string;
  dryRun?: boolean;
  /** Leave spam out instead of importing it as rejected. */
  skipSpam?: boolean;
  progress?: ImportProgress;
  /** Posts per staged batch. */
  batchSize?: number;
}

export interface ImportResult {
  report: ImportReport;
  /** Stories whose threads gained comments: their cached pages are stale. */
  changedStoryIds: string[];
}

type Kept = Extract<PostFate, { kind: 'comment' | 'placeholder' }>;

/**
 * An import in two passes over the file. The first reads every thread and post (never their text)
 * and decides each post's fate, so a file that cannot be read fails before anything is written.
 * Then stories and authors are matched or made, the second pass converts and stages the comments
 * in batches (each committed: a stopped run resumes where it was), and one transaction publishes
 * them all, the counter triggers running as for any comment.
 */
export async function runImport(db: Kysely<DB>, options: ImportOptions): Promise<ImportResult> {
  const { format, dryRun = false, progress = SILENT_PROGRESS } = options;
  const report = new ImportReport(format.source, dryRun);
  const input = await openXmlInput(options.path);
  const plan = new ImportPlan();
  progress.start('reading', input.size);
  await format.read(input, {
    thread: (thread) => plan.addThread(thread),
    post: (post) => {
      plan.addPost(post);
      progress.update(input.bytesRead, plan.postCount);
    },
  });
  progress.stop();
  plan.resolve({ skipSpam: options.skipSpam ?? false });
  report.phaseDone('reading');

  const repository = new ImportRepository(db, format.source);
  const stories = await storiesForThreads(plan, repository, report, dryRun);
  report.phaseDone('stories');
  const authors = await authorsForPosts(plan, repository, report, format.source, dryRun);
  report.phaseDone('authors');

  const batch = new CommentBatch(repository, report, dryRun, format.flavour, (post, fate) => ({
    importId: post.id,
    id: importedUuid(format.source, 'post', post.id),
    storyId: stories.get(fate.threadKey) ?? '',
    parentId: fate.parentId === null ? null : importedUuid(format.source, 'post', fate.parentId),
    rootId: importedUuid(format.source, 'post', fate.rootId),
    depth: fate.depth,
    authorId: authors.get(fate.author)!,
    body: '',
    status: fate.status,
    rejectReason: fate.status === 'rejected' ? 'spam' : null,
    createdAt: post.createdAt!,
  }));
  let posts = 0;
  progress.start(dryRun ? 'checking' : 'importing', input.size);
  await format.read(input, {
    thread: () => undefined,
    post: (post) => {
      posts++;
      progress.update(input.bytesRead, posts);
      return batch.add(post, plan.fateOf(post));
    },
  });
  await batch.flush();
  progress.stop();
  report.phaseDone(dryRun ? 'checking' : 'staging');
  if (dryRun) return { report, changedStoryIds: [] };
  const { storyIds } = await repository.publishStaged();
  report.phaseDone('publishing');
  return { report, changedStoryIds: storyIds };
}

/** Posts of the second pass, gathered and written a batch at a time. */
class CommentBatch {
  private pending: { post: SourcePost; fate: Kept }[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: ImportRepository,
    private readonly report: ImportReport,
    private readonly dryRun: boolean,
    private readonly flavour: HtmlFlavour,
    private readonly row: (post: SourcePost, fate: Kept) => StagedComment,
    private readonly size = 1000,
  ) {}

  /** Gathers a post; a promise (awaited by the reader, which then reads no further) when a batch is due. */
  add(post: SourcePost, fate: PostFate): Promise<void> | undefined {
    const named = { kind: 'post', id: post.id, line: post.line } as const;
    if (fate.kind === 'duplicate') {
      this.report.skipped.add({ ...named, reason: 'duplicate_id' });
      return undefined;
    }
    if (fate.kind === 'skip') {
      this.report.skipped.add({ ...named, reason: fate.reason });
      if (fate.orphan) this.report.orphans.add({ ...named, reason: fate.reason });
      return undefined;
    }
    if (fate.orphan)
      this.report.orphans.add({ ...named, reason: 'parent_missing', params: { parent: fate.orphan } });
    this.pending.push({ post, fate });
    if (this.pending.length < this.size) return undefined;
    // One batch is written while the next is read: the reader waits only for the one before.
    const before = this.writing;
    this.writing = this.writeAfter(before);
    return before;
  }

  /** Writes what is gathered, after every batch before it. */
  async flush(): Promise<void> {
    this.writing = this.writeAfter(this.writing);
    await this.writing;
  }

  private writeAfter(before: Promise<void>): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const writing = before.then(() => this.write(batch));
    // Awaited by the next batch or the final flush; until then a failure must not count as unhandled.
    writing.catch(() => undefined);
    return writing;
  }

  private async write(batch: { post: SourcePost; fate: Kept }[]): Promise<void> {
    if (batch.length === 0) return;
    const already = await this.repository.importedCommentIds(batch.map(({ post }) => post.id));
    this.report.commentsAlreadyImported += already.size;
    const rows: StagedComment[] = [];
    for (const { post, fate } of batch) {
      if (already.has(post.id)) continue;
      const row = this.row(post, fate);
      if (fate.kind === 'comment') {
        const converted = toStorableText(htmlToText(post.html, this.flavour));
        row.body = converted.text;
        if (converted.cut) this.report.shortened++;
        if (!row.body) {
          if (fate.replies === 0) {
            this.report.skipped.add({ kind: 'post', id: post.id, line: post.line, reason: 'no_text' });
            continue;
          }
          row.status = 'deleted';
        }
      }
      this.count(row.status);
      rows.push(row);
    }
    if (!this.dryRun) await this.repository.stage(rows);
  }

  private count(status: StagedComment['status']): void {
    this.report.commentsNew++;
    if (status === 'deleted') this.report.placeholders++;
    else if (status === 'rejected') this.report.spam++;
    else if (status === 'pending') this.report.pending++;
  }
}

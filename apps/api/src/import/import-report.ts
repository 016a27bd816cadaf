import type { ImportReportPhase, ImportSkipReason } from '@parley/shared/values';

/** How many of the skipped and orphaned posts the report names; the rest are counted. */
export const NAMED_LIMIT = 20;

export interface NamedEntry {
  kind: 'post' | 'thread';
  /** Its id in the export ('' when it has none). */
  id: string;
  line?: number;
  reason: ImportSkipReason;
  /** The reason's values (`parent` for `parent_missing`). */
  params?: Record<string, string>;
}

/**
 * Each reason as `parley import` prints it (in English, as the CLI speaks); the web words the codes
 * from its catalogue (`moderate.imports.reasons`).
 */
const REASON_TEXT: Record<ImportSkipReason, (params: Record<string, string>) => string> = {
  duplicate_id: () => 'its id appears earlier in the file',
  no_id: () => 'it has no id',
  thread_missing: () => 'its thread is not in the file',
  thread_deleted: () => 'its thread is deleted',
  thread_unidentified: () => 'its thread has neither an id nor a usable link',
  no_posts: () => 'no posts to import',
  no_time: () => 'it has no readable time',
  spam_skipped: () => 'spam (--skip-spam)',
  deleted_no_replies: () => 'deleted, with no replies',
  no_text: () => 'no text left once its HTML was read',
  pingback: () => 'a pingback',
  trackback: () => 'a trackback',
  trash: () => 'in the trash',
  parent_missing: ({ parent }) =>
    parent
      ? `it answers ${parent}, which is not in its thread in the file: imported at the top level`
      : 'it answers a post not in its thread in the file: imported at the top level',
};

/** A reason in English, for the CLI. */
export function reasonText(reason: ImportSkipReason, params: Record<string, string> = {}): string {
  return REASON_TEXT[reason](params);
}

/** A list that names its first NAMED_LIMIT entries and counts the others, by reason. */
class NamedList {
  readonly named: NamedEntry[] = [];
  readonly byReason = new Map<ImportSkipReason, number>();
  total = 0;

  add(entry: NamedEntry): void {
    this.total++;
    this.byReason.set(entry.reason, (this.byReason.get(entry.reason) ?? 0) + 1);
    if (this.named.length < NAMED_LIMIT) this.named.push(entry);
  }
}

/** What an import did (or, in a dry run, would do): the CLI prints it, tests read it. */
export class ImportReport {
  storiesCreated = 0;
  storiesMatched = 0;
  readonly storiesSkipped = new NamedList();
  /** Comments written by this run (placeholders and spam included). */
  commentsNew = 0;
  commentsAlreadyImported = 0;
  placeholders = 0;
  spam = 0;
  pending = 0;
  /** Comments whose text was longer than a comment may be, cut at the limit. */
  shortened = 0;
  readonly skipped = new NamedList();
  readonly orphans = new NamedList();
  authorsCreated = 0;
  authorsMatched = 0;
  /** How long each phase took, in order. */
  readonly phases: [phase: ImportReportPhase, ms: number][] = [];
  private phaseStart = Date.now();

  /** Ends the phase running since the last call (or the report's making). */
  phaseDone(phase: ImportReportPhase): void {
    const now = Date.now();
    this.phases.push([phase, now - this.phaseStart]);
    this.phaseStart = now;
  }

  constructor(
    readonly source: string,
    readonly dryRun: boolean,
  ) {}

  /** The report as lines for a person. */
  lines(): string[] {
    const lines = [
      this.dryRun
        ? `${this.source} import, dry run: nothing was written; this is what a run would do`
        : `${this.source} import done`,
      `stories: ${this.storiesCreated} created, ${this.storiesMatched} matched, ${this.storiesSkipped.total} skipped`,
      `comments: ${this.commentsNew} new, ${this.commentsAlreadyImported} already imported` +
        ` (new: ${this.placeholders} placeholders, ${this.spam} spam, ${this.pending} pending review` +
        `${this.shortened ? `, ${this.shortened} shortened to the length limit` : ''})`,
      `skipped: ${this.skipped.total} posts; orphans: ${this.orphans.total}`,
      `authors: ${this.authorsCreated} created, ${this.authorsMatched} matched`,
    ];

    for (const [title, list] of [
      ['stories skipped', this.storiesSkipped],
      ['posts skipped', this.skipped],
      ['orphans', this.orphans],
    ] as const) {
      if (list.total === 0) continue;
      const reasons = [...list.byReason]
        .map(([reason, count]) => `${count} ${reasonText(reason)}`)
        .join('; ');
      lines.push(`${title} (${reasons}):`);
      for (const entry of list.named) {
        const what = `${entry.kind} ${entry.id || '(no id)'}`;
        lines.push(
          `  ${what}${entry.line ? ` (line ${entry.line})` : ''}: ${reasonText(entry.reason, entry.params)}`,
        );
      }
      if (list.total > list.named.length) lines.push(`  and ${list.total - list.named.length} more`);
    }
    if (this.phases.length > 0) {
      const total = this.phases.reduce((sum, [, ms]) => sum + ms, 0);
      const each = this.phases.map(([phase, ms]) => `${phase} ${seconds(ms)}`).join(', ');
      lines.push(`time: ${seconds(total)} (${each})`);
    }
    return lines;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

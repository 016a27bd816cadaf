import { MAX_REPLY_DEPTH, normalizeStoryUrl, type ImportSkipReason } from '@parley/shared/values';
import type { SourceAuthor, SourcePost, SourceThread } from './import-source.js';
import { plainNumber, SourceIdTable } from './source-id-table.js';

const DELETED = 1;
const SPAM = 2;
const PENDING = 4;
const NO_TIME = 8;
/** In `parentOf`: the parent's id is not a plain number, and is kept as text. */
const TEXT_PARENT = -1;

/** What becomes of one post of the export. */
export type PostFate =
  | {
      kind: 'comment' | 'placeholder';
      index: number;
      /** The post it is placed under (its parent, or the one at the depth cap), or null at the top level. */
      parentId: string | null;
      rootId: string;
      depth: number;
      status: 'published' | 'pending' | 'rejected' | 'deleted';
      author: number;
      threadKey: string;
      /** The post it answers, when it is at the top level because that post is not in its thread. */
      orphan: string | null;
      /** Replies placed under it (a post that turns out empty keeps its place only if it has some). */
      replies: number;
    }
  | { kind: 'skip'; reason: ImportSkipReason; orphan: boolean }
  | { kind: 'duplicate' };

/**
 * The first pass's memory of the export: each post's thread, parent and flags (never its text),
 * and the authors. `resolve()` then decides every post's fate at once, because a deleted post is
 * kept only when a reply survives it, and a post's place depends on all its ancestors.
 *
 * A million posts must fit well under 300 MB of RSS, so a post is a row across typed arrays (about
 * 25 bytes, ids included: see SourceIdTable), never an object or a string per post.
 */
export class ImportPlan {
  readonly threads = new Map<string, SourceThread>();
  readonly authors: { author: SourceAuthor; key: string }[] = [];
  private readonly ids = new SourceIdTable();
  /** Each post's thread, as an index into `threadKeys` (-1: none named). */
  private threadOf = new Int32Array(1024);
  private readonly threadKeys: string[] = [];
  private readonly threadIndex = new Map<string, number>();
  /** Each post's parent: its id when a plain number, NaN for none, TEXT_PARENT when in `parentTexts`. */
  private parentOf = new Float64Array(1024);
  private readonly parentTexts = new Map<number, string>();
  private flags = new Uint8Array(1024);
  private readonly givenSkips = new Map<number, ImportSkipReason>();
  private authorOf = new Int32Array(1024);
  private readonly authorKeys = new Map<string, number>();
  private resolved:
    { fates: Int32Array; parents: Int32Array; roots: Int32Array; depths: Int32Array } | undefined;
  private readonly reasons: ImportSkipReason[] = [];
  private readonly orphanParents = new Set<number>();
  private replies = new Int32Array(0);
  private seen = new Uint8Array(0);
  /** Posts without an id: nothing could find them again, so they are skipped. */
  unidentified = 0;

  get postCount(): number {
    return this.ids.size;
  }

  addThread(thread: SourceThread): void {
    if (!thread.key || this.threads.has(thread.key)) return;
    this.threads.set(detach(thread.key), {
      ...thread,
      key: detach(thread.key),
      externalId: thread.externalId && detach(thread.externalId),
      link: detach(thread.link),
      title: detach(thread.title),
    });
  }

  addPost(post: SourcePost): void {
    if (!post.id) {
      this.unidentified++;
      return;
    }
    const index = this.ids.add(post.id.length < 13 ? post.id : detach(post.id));
    if (index < 0) return;
    if (index >= this.flags.length) this.grow(this.flags.length * 2);
    this.threadOf[index] = post.threadKey ? this.threadNumber(post.threadKey) : -1;
    const parent = post.parentId ? plainNumber(post.parentId) : Number.NaN;
    if (parent === null) this.parentTexts.set(index, detach(post.parentId!));
    this.parentOf[index] = parent ?? TEXT_PARENT;
    this.flags[index] =
      (post.deleted ? DELETED : 0) |
      (post.spam ? SPAM : 0) |
      (post.pending ? PENDING : 0) |
      (post.createdAt ? 0 : NO_TIME);
    if (post.skip) this.givenSkips.set(index, post.skip);
    this.authorOf[index] = this.authorIndex(post.author);
  }

  private grow(size: number): void {
    const grown = <T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.threadOf = grown(this.threadOf, new Int32Array(size));
    this.parentOf = grown(this.parentOf, new Float64Array(size));
    this.flags = grown(this.flags, new Uint8Array(size));
    this.authorOf = grown(this.authorOf, new Int32Array(size));
  }

  /** One string per thread key, however many posts name it (a million posts, a few thousand threads). */
  private threadNumber(key: string): number {
    let number = this.threadIndex.get(key);
    if (number === undefined) {
      number = this.threadKeys.push(detach(key)) - 1;
      this.threadIndex.set(this.threadKeys[number]!, number);
    }
    return number;
  }

  /** The parent id a post names, or null. */
  private parentIdOf(index: number): string | null {
    const parent = this.parentOf[index]!;
    if (Number.isNaN(parent)) return null;
    return parent === TEXT_PARENT ? this.parentTexts.get(index)! : String(parent);
  }

  /**
   * Authors are one person across the file when they share a username; without one, an email;
   * without either, a name. The key that first made an author is the account's import key.
   */
  private authorIndex(author: SourceAuthor): number {
    const username = author.username.toLowerCase();
    const email = author.email.toLowerCase();
    const key = username ? `username:${username}` : email ? `email:${email}` : `name:${author.name}`;
    let found = this.authorKeys.get(key);
    if (found === undefined) {
      found = this.authors.length;
      const kept = {
        username: detach(author.username),
        email: detach(author.email),
        name: detach(author.name),
      };
      this.authors.push({ author: kept, key: detach(key) });
      this.authorKeys.set(detach(key), found);
    }
    // A guest post with this address (no username) is the same person. Detached: the address is
    // a slice of the parser's 256 KB chunk, and kept as a key it kept the chunk (the whole file, in
    // time: with new authors all along, it was most of the first pass's memory).
    if (username && email && !this.authorKeys.has(`email:${email}`))
      this.authorKeys.set(detach(`email:${email}`), found);
    return found;
  }

  /** Why a thread's posts cannot be imported, or null. */
  threadProblem(thread: SourceThread | undefined): ImportSkipReason | null {
    if (!thread) return 'thread_missing';
    if (thread.deleted) return 'thread_deleted';
    if (!thread.externalId && !normalizeStoryUrl(thread.link)) return 'thread_unidentified';
    return null;
  }

  resolve(options: { skipSpam: boolean }): void {
    const n = this.ids.size;
    const fates = new Int32Array(n); // 0 comment, 1 placeholder, -1-r skipped for reasons[r]
    const skip = (i: number, reason: ImportSkipReason) => {
      let r = this.reasons.indexOf(reason);
      if (r < 0) r = this.reasons.push(reason) - 1;
      fates[i] = -1 - r;
    };
    // Each thread is judged once (its URL normalized once), not once per post.
    const problems = this.threadKeys.map((key) => this.threadProblem(this.threads.get(key)));
    const noThread = this.threadProblem(undefined);
    const raw = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const thread = this.threadOf[i]!;
      const problem = thread === -1 ? noThread : problems[thread];
      const given = this.givenSkips.get(i);
      if (given) skip(i, given);
      else if (problem) skip(i, problem);
      else if (this.flags[i]! & NO_TIME) skip(i, 'no_time');
      else if (this.flags[i]! & SPAM && options.skipSpam) skip(i, 'spam_skipped');
      const parentId = this.parentIdOf(i);
      if (!parentId) continue;
      const parent = this.ids.indexOf(parentId);
      if (parent === undefined || parent === i || this.threadOf[parent] !== thread) this.orphanParents.add(i);
      else raw[i] = parent;
    }
    const skipped = (i: number) => fates[i]! < 0;
    // Each post's nearest ancestor that is imported (a skipped one's replies move up past it).
    const effective = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let parent = raw[i]!;
      for (let steps = 0; parent !== -1 && skipped(parent); steps++) parent = steps > n ? -1 : raw[parent]!;
      effective[i] = parent;
    }
    // A deleted post stays (as a placeholder) only when a reply below it is imported.
    const needed = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (skipped(i) || this.flags[i]! & DELETED) continue;
      for (let a = effective[i]!, steps = 0; a !== -1 && !needed[a] && steps <= n; a = effective[a]!, steps++)
        needed[a] = 1;
    }
    for (let i = 0; i < n; i++) {
      if (skipped(i) || !(this.flags[i]! & DELETED)) continue;
      if (needed[i]) fates[i] = 1;
      else skip(i, 'deleted_no_replies');
    }
    const { parents, roots, depths } = this.place(effective, skipped);
    const replies = new Int32Array(n);
    for (let i = 0; i < n; i++) if (!skipped(i) && parents[i] !== -1) replies[parents[i]!]!++;
    this.replies = replies;
    this.seen = new Uint8Array(n);
    this.resolved = { fates, parents, roots, depths };
  }

  /** Depth and placement as posting does it: at MAX_REPLY_DEPTH a reply goes beside its parent. */
  private place(effective: Int32Array, skipped: (i: number) => boolean) {
    const n = effective.length;
    const parents = new Int32Array(n).fill(-1);
    const roots = new Int32Array(n).fill(-1);
    const depths = new Int32Array(n).fill(-1);
    const VISITING = -2;
    for (let i = 0; i < n; i++) {
      if (skipped(i) || depths[i] !== -1) continue;
      const chain: number[] = [];
      for (let a = i; a !== -1 && depths[a] === -1; a = effective[a]!) {
        depths[a] = VISITING;
        chain.push(a);
        const next = effective[a]!;
        // A reply cycle (a file that says A answers B and B answers A): cut it here.
        if (next !== -1 && depths[next] === VISITING) {
          effective[a] = -1;
          this.orphanParents.add(a);
        }
      }
      for (let k = chain.length - 1; k >= 0; k--) {
        const a = chain[k]!;
        const p = effective[a]!;
        if (p === -1) {
          depths[a] = 0;
          roots[a] = a;
        } else if (depths[p]! >= MAX_REPLY_DEPTH && parents[p] !== -1) {
          parents[a] = parents[p]!;
          depths[a] = depths[p]!;
          roots[a] = roots[p]!;
        } else {
          parents[a] = p;
          depths[a] = depths[p]! + 1;
          roots[a] = roots[p]!;
        }
      }
    }
    return { parents, roots, depths };
  }

  /** The fate of a post met again in the second pass (its first appearance; a repeated id is a duplicate). */
  fateOf(post: SourcePost): PostFate {
    if (!this.resolved) throw new Error('resolve() the plan first');
    const i = post.id ? this.ids.indexOf(post.id) : undefined;
    if (i === undefined) return { kind: 'skip', reason: 'no_id', orphan: false };
    if (this.seen[i]) return { kind: 'duplicate' };
    this.seen[i] = 1;
    const { fates, parents, roots, depths } = this.resolved;
    const fate = fates[i]!;
    if (fate < 0) {
      const reason = this.reasons[-1 - fate]!;
      return { kind: 'skip', reason, orphan: reason === 'thread_missing' };
    }
    const flags = this.flags[i]!;
    const parent = parents[i]!;
    const orphan = this.orphanParents.has(i) ? this.parentIdOf(i) : null;
    return {
      kind: fate === 1 ? 'placeholder' : 'comment',
      index: i,
      parentId: parent === -1 ? null : this.ids.idAt(parent),
      rootId: this.ids.idAt(roots[i]!),
      depth: depths[i]!,
      status: fate === 1 ? 'deleted' : flags & SPAM ? 'rejected' : flags & PENDING ? 'pending' : 'published',
      author: this.authorOf[i]!,
      threadKey: this.threadKeys[this.threadOf[i]!]!,
      orphan: orphan && parent === -1 ? orphan : null,
      replies: this.replies[i]!,
    };
  }

  /** Threads with at least one post to import, and the authors of those posts. */
  wanted(): { threadKeys: Set<string>; authors: Set<number> } {
    if (!this.resolved) throw new Error('resolve() the plan first');
    const threadKeys = new Set<string>();
    const authors = new Set<number>();
    this.resolved.fates.forEach((fate, i) => {
      if (fate < 0) return;
      threadKeys.add(this.threadKeys[this.threadOf[i]!]!);
      authors.add(this.authorOf[i]!);
    });
    return { threadKeys, authors };
  }
}

/**
 * A copy of `text` that holds no reference to the text it was cut from. V8 keeps a substring of 13
 * characters or more as a slice of its parent: an id kept for the whole run would keep the parser's
 * 256 KB chunk alive with it, and with enough of them, the whole file.
 */
function detach(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}

import type { Story, Comment, CommentStatus, ModerationFlag, PremodMode, User } from '@parley/db';
import { hasLink, isStaff, type ModerationHookAnswer } from '@parley/shared';
import { AppError } from '../../common/app-error.js';
import { effectiveStatus } from '../../users/user-status.js';
import type { WordMatcher } from '../../settings/word-matcher.js';

/**
 * The automatic moderation every new comment passes, in order:
 * 1. refusals (nothing stored), 2. banned words (stored rejected), 3. holds (stored pending),
 * 4. the local toxicity score against the site's thresholds, if a model is loaded (`toxicity-phase.ts`:
 * hold or reject), 5. the external hook's opinion, if one is configured and answered (`withHook`),
 * 6. otherwise published; in 4 and 5 the strictest of the opinion and what came before wins. Staff
 * skip 2–5 (and are approved at once). Each phase is a pure function tested alone. The score and
 * the hook's answer are got before the posting transaction (neither holds a lock while it waits),
 * so they come in here as values.
 */

export interface Verdict {
  status: Extract<CommentStatus, 'published' | 'approved' | 'pending' | 'rejected'>;
  flags: ModerationFlag[];
  matchedWords: string[];
}

export interface RefusalFacts {
  author: Pick<User, 'status' | 'suspendedUntil'>;
  story: Pick<Story, 'commentsOpen'>;
  /** When this author last posted, for the posting interval. */
  lastPostAt: Date | null;
  /** Whether this author posted the same text within the repeat window. */
  repeated: boolean;
  postIntervalSeconds: number;
  now: Date;
}

/** The part of phase 1 about the author alone: a banned or suspended author neither posts nor edits. */
export function refuseAuthor(author: RefusalFacts['author'], now: Date): void {
  const status = effectiveStatus(author, now);
  if (status === 'banned') throw new AppError('auth/banned');
  if (status === 'suspended') {
    const until = author.suspendedUntil!;
    throw new AppError(
      'comment/suspended',
      { suspendedUntil: until.toISOString() },
      `Your account is suspended until ${until.toUTCString()}.`,
    );
  }
}

/** Phase 1: throws the clear 4xx that refuses the comment outright. Body length is the schema's job. */
export function refuse(facts: RefusalFacts): void {
  refuseAuthor(facts.author, facts.now);
  if (!facts.story.commentsOpen) throw new AppError('comment/closed');
  if (facts.lastPostAt) {
    const waitMs = facts.lastPostAt.getTime() + facts.postIntervalSeconds * 1000 - facts.now.getTime();
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new AppError(
        'comment/rate_limited',
        { retryAfterSeconds: seconds },
        `You are posting too fast. Please wait ${seconds} second${seconds === 1 ? '' : 's'}.`,
      );
    }
  }
  if (facts.repeated) throw new AppError('comment/repeated');
}

/** Phase 2: a banned word rejects the comment (stored, so moderators can review the decision). */
export function checkBannedWords(body: string, banned: WordMatcher): Verdict | null {
  const matched = banned.match(body);
  return matched.length > 0 ? { status: 'rejected', flags: ['banned_word'], matchedWords: matched } : null;
}

export interface HoldFacts {
  author: Pick<User, 'alwaysPremod' | 'approvedCount'>;
  story: Pick<Story, 'premod'>;
}

/** Authors with fewer approved comments than this are "new" for the `new_users` mode. */
export const NEW_USER_APPROVED_THRESHOLD = 2;

/** The holds that depend on the text alone: suspect words, and links where the story holds them. */
function textHolds(
  body: string,
  suspect: WordMatcher,
  premod: PremodMode,
): { flags: ModerationFlag[]; matchedWords: string[] } {
  const flags: ModerationFlag[] = [];
  const matchedWords = suspect.match(body);
  if (matchedWords.length > 0) flags.push('suspect_word');
  if (premod === 'links' && hasLink(body)) flags.push('link');
  return { flags, matchedWords };
}

/** Phase 3: every reason to hold the comment for review, each as a flag. */
export function checkHolds(body: string, suspect: WordMatcher, facts: HoldFacts): Verdict | null {
  const { flags, matchedWords } = textHolds(body, suspect, facts.story.premod);
  if (facts.story.premod === 'new_users' && facts.author.approvedCount < NEW_USER_APPROVED_THRESHOLD) {
    flags.push('new_user');
  }
  if (facts.story.premod === 'all') flags.push('premod_all');
  if (facts.author.alwaysPremod) flags.push('user_premod');
  return flags.length > 0 ? { status: 'pending', flags, matchedWords } : null;
}

export interface PipelineInput extends HoldFacts {
  body: string;
  author: HoldFacts['author'] & Pick<User, 'role'>;
  banned: WordMatcher;
  suspect: WordMatcher;
}

/** Phases 2–4 for a comment that passed the refusals. */
export function moderate(input: PipelineInput): Verdict {
  // Staff comments need no review: they go straight to approved, out of the Unmoderated queue.
  if (isStaff(input.author)) return { status: 'approved', flags: [], matchedWords: [] };
  return (
    checkBannedWords(input.body, input.banned) ??
    checkHolds(input.body, input.suspect, input) ?? { status: 'published', flags: [], matchedWords: [] }
  );
}

export interface EditInput extends HoldFacts {
  body: string;
  author: HoldFacts['author'] & Pick<User, 'role'>;
  /** The comment as it is before the edit, read under its row lock. */
  current: Pick<Comment, 'status' | 'flags' | 'matchedWords'>;
  banned: WordMatcher;
  suspect: WordMatcher;
}

/**
 * Phases 2–3 again for an edit, so an edit cannot smuggle in what a post could not: banned words
 * reject, and every hold a post would meet now holds (the story's mode, the author still new or
 * under pre-moderation, the text's own suspect words and links). A comment the pipeline stopped and
 * a moderator approved goes back for review too: the approval was of the old text. Staff are not
 * screened. Null: the edit changes no status.
 */
export function screenEdit(input: EditInput): Verdict | null {
  if (isStaff(input.author)) return null;
  const verdict = checkBannedWords(input.body, input.banned) ?? checkHolds(input.body, input.suspect, input);
  if (verdict) return verdict;
  if (input.current.status === 'approved' && input.current.flags.length > 0) {
    return { status: 'pending', flags: input.current.flags, matchedWords: input.current.matchedWords };
  }
  return null;
}

/** The hook's opinion as the pipeline takes it; null: no opinion (none configured, 204, failure, breaker open). */
export type HookOpinion = Pick<ModerationHookAnswer, 'action'>;

const SEVERITY: Record<Verdict['status'], number> = { published: 0, approved: 0, pending: 1, rejected: 2 };

/**
 * An automatic opinion over what the phases before it decided; the strictest wins. `hold` → at
 * least pending, `reject` → rejected, each with its flag (`toxic`, `hook`); `publish` adds nothing:
 * it never lifts a banned word or a hold.
 */
export function withOpinion(
  verdict: Verdict,
  action: HookOpinion['action'] | null,
  flag: ModerationFlag,
): Verdict {
  if (!action || action === 'publish') return verdict;
  const wanted: Verdict['status'] = action === 'reject' ? 'rejected' : 'pending';
  return {
    status: SEVERITY[wanted] > SEVERITY[verdict.status] ? wanted : verdict.status,
    flags: verdict.flags.includes(flag) ? verdict.flags : [...verdict.flags, flag],
    matchedWords: verdict.matchedWords,
  };
}

/** Phase 5: the hook's opinion (its reason and labels are stored beside the `hook` flag). */
export function withHook(verdict: Verdict, hook: HookOpinion | null): Verdict {
  return withOpinion(verdict, hook?.action ?? null, 'hook');
}

/**
 * Phase 4 for an edit, over `screenEdit`'s result: a hold or rejection from the hook changes the
 * status even where the screen would not (the comment as it is, plus the `hook` flag). Null: no change.
 */
export function screenEditWithHook(
  screened: Verdict | null,
  current: EditInput['current'],
  hook: HookOpinion | null,
): Verdict | null {
  return screenEditWithOpinion(screened, current, hook?.action ?? null, 'hook');
}

/** An automatic opinion (the hook's, the toxicity score's) over an edit's screen; null: no change. */
export function screenEditWithOpinion(
  screened: Verdict | null,
  current: EditInput['current'],
  action: HookOpinion['action'] | null,
  flag: ModerationFlag,
): Verdict | null {
  if (!action || action === 'publish') return screened;
  const base: Verdict = screened ?? {
    // Not editable when rejected or deleted, so the current status is one a verdict can hold.
    status: current.status as Verdict['status'],
    flags: current.flags,
    matchedWords: current.matchedWords,
  };
  return withOpinion(base, action, flag);
}

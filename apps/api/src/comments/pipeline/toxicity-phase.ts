import type { SiteSettings } from '@parley/db';
import { AppError } from '../../common/app-error.js';
import type { HookOpinion } from './pipeline.js';

/** The site's thresholds (moderation settings), each 0–1 or null when off. */
export type ToxicityThresholds = Pick<SiteSettings, 'toxicityWarn' | 'toxicityHold' | 'toxicityReject'>;

/** Phase 4: what a score asks of the comment: rejected at or above `reject`, held at or above `hold`. */
export function toxicityAction(
  score: number | null,
  thresholds: ToxicityThresholds,
): HookOpinion['action'] | null {
  if (score === null) return null;
  if (thresholds.toxicityReject !== null && score >= thresholds.toxicityReject) return 'reject';
  if (thresholds.toxicityHold !== null && score >= thresholds.toxicityHold) return 'hold';
  return null;
}

/** Whether the author is to be warned before the comment is stored (the nudge). */
export function overWarning(score: number | null, thresholds: ToxicityThresholds): boolean {
  return score !== null && thresholds.toxicityWarn !== null && score >= thresholds.toxicityWarn;
}

/**
 * The nudge, before anything is stored: a score at or above `warn` refuses the post once, with a
 * code the composer answers by offering to edit or to post anyway. Sent with `postAnyway`, it goes on.
 */
export function nudge(score: number | null, thresholds: ToxicityThresholds, postAnyway: boolean): void {
  if (postAnyway || !overWarning(score, thresholds)) return;
  throw new AppError('comment/may_break_guidelines', { score: roundScore(score!) });
}

/** Two decimals, as moderators and authors see it ("toxic (0.93)"). */
export function roundScore(score: number): number {
  return Math.round(score * 100) / 100;
}

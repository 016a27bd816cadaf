import type {
  COMMENT_MAX_LENGTH as SharedMaxLength,
  CommentStatus,
  PublicUser,
  REJECT_REASONS as SharedRejectReasons,
} from '@parley/shared';

// Runtime values of the shared contract, without its zod schemas: importing them from
// '@parley/shared' pulls all of zod into the first page load (~60 kB). The annotations make the
// compiler check every copy against the shared package, so they cannot drift apart.

export const COMMENT_MAX_LENGTH: typeof SharedMaxLength = 5000;

export const REJECT_REASONS: typeof SharedRejectReasons = [
  'offensive',
  'abusive',
  'spam',
  'off_topic',
  'other',
];

/** Same rule as `isVisible` in @parley/shared: what every reader may see. */
export function isVisible(comment: { status: CommentStatus }): boolean {
  return comment.status === 'published' || comment.status === 'approved';
}

/** Same rule as `isStaff` in @parley/shared. */
export function isStaff(user: Pick<PublicUser, 'role'> | null | undefined): boolean {
  return user?.role === 'moderator' || user?.role === 'admin';
}

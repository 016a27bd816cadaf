import type { User } from '@parley/db';

/** Suspensions end by themselves: a suspension whose time has passed reads as active. */
export function effectiveStatus(
  user: Pick<User, 'status' | 'suspendedUntil'>,
  now = new Date(),
): User['status'] {
  if (user.status === 'suspended' && user.suspendedUntil && user.suspendedUntil <= now) return 'active';
  return user.status;
}

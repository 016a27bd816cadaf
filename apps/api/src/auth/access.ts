import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { User } from '@parley/db';
import { isStaff } from '@parley/shared';
import type { Request } from 'express';
import { effectiveStatus } from '../users/user-status.js';

export interface AuthedRequest extends Request {
  user?: User | null;
  /** The session token the request came with (bearer or cookie), whether or not it is live. */
  sessionToken?: string;
  /** Where `sessionToken` came from: sign-out clears the cookie only when it was the cookie. */
  sessionFrom?: 'bearer' | 'cookie';
}

/** The token of an `Authorization: Bearer <token>` header, or undefined (no header, another scheme, malformed). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +([\w.~+/-]+=*) *$/i.exec(header ?? '');
  return match?.[1];
}

/** The signed-in user (null for anonymous readers on public routes). */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    context.switchToHttp().getRequest<AuthedRequest>().user ?? null,
);

/** The socket id the browser sends, so its own socket is not echoed what it just did. */
export const SocketId = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const value = context.switchToHttp().getRequest<Request>().header('x-socket-id');
  return value && /^[\w-]{1,64}$/.test(value) ? value : undefined;
});

/**
 * Whether a user may act as staff now: a moderator or admin who is not suspended (nor banned). The
 * role alone says who wears the badge; a suspended moderator keeps it but has no staff powers until
 * the suspension ends: no staff route, no moderation room, no view of others' held comments.
 */
export function hasStaffPowers(
  user: Pick<User, 'role' | 'status' | 'suspendedUntil'> | null | undefined,
  now = new Date(),
): boolean {
  return !!user && isStaff(user) && effectiveStatus(user, now) === 'active';
}

/** Admin powers: an admin with staff powers. */
export function hasAdminPowers(
  user: Pick<User, 'role' | 'status' | 'suspendedUntil'> | null | undefined,
  now = new Date(),
): boolean {
  return hasStaffPowers(user, now) && user!.role === 'admin';
}

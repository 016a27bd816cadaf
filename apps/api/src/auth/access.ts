import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { User } from '@parley/db';
import type { Request } from 'express';

export type Access = 'public' | 'user' | 'staff' | 'admin';
export const ACCESS_KEY = 'parley:access';

/** Route needs a signed-in user (401 otherwise). */
export const SignedIn = () => SetMetadata(ACCESS_KEY, 'user' satisfies Access);
/** Route needs a moderator or admin (401 anonymous, 403 reader). */
export const StaffOnly = () => SetMetadata(ACCESS_KEY, 'staff' satisfies Access);
/** Route needs an admin (401 anonymous, 403 others). */
export const AdminOnly = () => SetMetadata(ACCESS_KEY, 'admin' satisfies Access);

export interface AuthedRequest extends Request {
  user?: User | null;
  sessionToken?: string;
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

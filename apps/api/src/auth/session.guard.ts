import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../common/app-error.js';
import { expressOwnOrigin, isAllowedOrigin, listedOrigins } from '../common/origin.js';
import { CONFIG, type Config } from '../config/config.js';
import { setRequestUser } from '../logging/request-log.js';
import type { RouteAccess } from '@parley/shared';
import { ACCESS_KEY } from '../common/route.js';
import { bearerToken, hasAdminPowers, hasStaffPowers, type AuthedRequest } from './access.js';
import { AuthService } from './auth.service.js';
import { SESSION_COOKIE } from './session-cookie.js';

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Runs before every HTTP route: refuses mutations from origins that are not allowed, resolves the
 * session (an `Authorization: Bearer` token, else the cookie) to a user, and enforces
 * the access level `@Route(id)` takes from the route catalogue. A bearer token that is unknown or ended reads as anonymous, as a
 * stale cookie does: public routes answer, the others 401.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    if (MUTATIONS.has(request.method) && !this.fromAllowedOrigin(request))
      throw new AppError('request/cross_site');

    const bearer = bearerToken(request.header('authorization'));
    const token = bearer ?? (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    request.sessionToken = token;
    request.sessionFrom = bearer ? 'bearer' : 'cookie';
    request.user = await this.auth.resolve(token);
    setRequestUser(request.user?.id);

    const access =
      this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'public';
    if (access === 'public') return true;
    if (!request.user) throw new AppError('auth/unauthenticated');
    // Staff routes ask for staff powers, not the role: a suspended moderator is refused.
    if (access === 'staff' && !hasStaffPowers(request.user)) throw new AppError('auth/forbidden');
    if (access === 'admin' && !hasAdminPowers(request.user)) throw new AppError('auth/forbidden');
    return true;
  }

  private fromAllowedOrigin(request: AuthedRequest): boolean {
    return isAllowedOrigin(request.header('origin'), expressOwnOrigin(request), listedOrigins(this.config));
  }
}

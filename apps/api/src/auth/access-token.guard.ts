// Authentication, for every route that is not @Public(): @nestjs/passport's AuthGuard runs
// the Entra JWT strategy (entra-jwt.strategy.ts). In front of it, a fast path: a token
// verified before (same string, not expired) whose signing key the authority still
// publishes is answered from the verified-token cache, without a promise or a signature
// check. Every failure becomes an RFC 6750 / RFC 9457 answer here.
import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard, AuthModuleOptions } from '@nestjs/passport';
import { problems } from '../errors/problem.js';
import { RouteRulesReader } from './authorization.decorators.js';
import { AuthorityConfigurationManager } from './authority-configuration.js';
import { readBearerToken } from './bearer-token.js';
import { rejectionFor, type VerifiedToken } from './entra-jwt.strategy.js';
import type { Principal } from './principal.js';
import { TokenRejection } from './token-rejection.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

interface GuardedRequest {
  headers: { authorization?: string | undefined };
  user?: Principal;
}

@Injectable()
export class AccessTokenGuard extends AuthGuard() {
  private readonly routes: RouteRulesReader;

  constructor(
    @Inject(AuthModuleOptions) options: AuthModuleOptions,
    @Inject(Reflector) reflector: Reflector,
    @Inject(VerifiedTokenCache) private readonly verifiedTokens: VerifiedTokenCache<VerifiedToken>,
    @Inject(AuthorityConfigurationManager)
    private readonly authority: AuthorityConfigurationManager,
  ) {
    super(options);
    this.routes = new RouteRulesReader(reflector);
  }

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.routes.of(context).isPublic) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const token = bearerTokenOf(request);
    const cached = this.verifiedTokens.get(token);
    if (cached !== undefined) {
      if (this.authority.currentKey(cached.kid) !== undefined) {
        request.user = cached.principal;
        return true;
      }
      // Its key was withdrawn (or the key set expired): verify it again, which refuses it.
      this.verifiedTokens.delete(token);
    }
    return super.canActivate(context) as Promise<boolean>;
  }

  /** Passport's outcome: remember a verified token, or turn the failure into a problem. */
  override handleRequest<TUser = Principal>(
    error: unknown,
    verified: VerifiedToken | false,
    info: unknown,
    context: ExecutionContext,
  ): TUser {
    const token = bearerTokenOf(context.switchToHttp().getRequest<GuardedRequest>());
    if (verified) {
      this.verifiedTokens.set(token, verified, verified.expiresAtMs);
      return verified.principal as TUser;
    }
    const failure = error ?? info;
    const reason = rejectionFor(failure, token);
    if (reason instanceof TokenRejection) throw problems.invalidToken(reason);
    // The authority could not be asked; AuthorityConfigurationManager logs why, once.
    if (reason !== undefined) throw problems.authorityUnavailable();
    throw failure instanceof Error ? failure : new Error(String(failure));
  }
}

/** The bearer token, or the 401 that says what is wrong with the Authorization header. */
function bearerTokenOf(request: GuardedRequest): string {
  const bearer = readBearerToken(request.headers.authorization);
  switch (bearer.kind) {
    case 'token':
      return bearer.token;
    case 'none':
      throw problems.tokenMissing();
    case 'other-scheme':
      throw problems.tokenMissing(
        'The Authorization header must use the Bearer scheme: `Authorization: Bearer <access token>`.',
      );
    case 'rejected':
      throw problems.invalidToken(bearer.rejection);
  }
}

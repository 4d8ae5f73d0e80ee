// The global guard: every route needs a valid access token unless it is @Public(), then
// the route's @RequireScopes / @RequireRoles are checked. Failures become problems here.
import {
  Inject,
  Injectable,
  Logger,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { scopeUri, type AppRole, type Scope } from '@pixy/auth-contract';
import passport from 'passport';
import { problems } from '../errors/problem.js';
import { isPublicKey, requiredRolesKey, requiredScopesKey } from './authorization.decorators.js';
import { readBearerToken } from './bearer-token.js';
import { EntraJwtStrategy, entraJwtStrategyName } from './entra-jwt.strategy.js';
import { AuthorityUnavailableError } from './https-json.js';
import type { Principal } from './principal.js';
import { checkTokenLength } from './token-header.js';
import type { TokenRejection } from './token-rejection.js';
import { TokenValidation } from './token-validation.js';

interface RouteRules {
  readonly isPublic: boolean;
  readonly scopes: readonly Scope[] | undefined;
  readonly roles: readonly AppRole[] | undefined;
}

interface GuardedRequest {
  headers: { authorization?: string | undefined };
  user?: Principal;
}

@Injectable()
export class AccessTokenGuard implements CanActivate {
  // A Passport of our own: two API instances in one process (tests) never share strategies.
  private readonly passport = new passport.Passport();
  private readonly logger = new Logger('AccessTokenGuard');
  private readonly rules = new WeakMap<object, RouteRules>();

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenValidation) private readonly validation: TokenValidation,
    @Inject(EntraJwtStrategy) strategy: EntraJwtStrategy,
  ) {
    this.passport.use(entraJwtStrategyName, strategy);
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const rules = this.rulesFor(context);
    if (rules.isPublic) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<GuardedRequest>();
    const bearer = readBearerToken(request.headers.authorization);
    if (bearer.kind === 'none') throw problems.tokenMissing();
    if (bearer.kind === 'other-scheme') {
      throw problems.tokenMissing(
        'The Authorization header must use the Bearer scheme: `Authorization: Bearer <access token>`.',
      );
    }
    try {
      checkTokenLength(bearer.token); // early: before the cache or Passport touch it
    } catch (error) {
      throw problems.invalidToken(error as TokenRejection);
    }

    // A token verified before (same string, not expired, key set unchanged) skips Passport,
    // and is answered without a promise: this is the path almost every request takes.
    const cached = this.validation.verifiedTokens.get(bearer.token);
    if (cached !== undefined) return this.authorize(request, cached, rules);
    return this.authenticate(request, http.getResponse(), bearer.token).then((principal) =>
      this.authorize(request, principal, rules),
    );
  }

  private authorize(request: GuardedRequest, principal: Principal, rules: RouteRules): true {
    request.user = principal;
    const { scopes, roles } = rules;
    if (scopes && !scopes.some((scope) => principal.scopes.includes(scope))) {
      const apiClientId = this.validation.audiences[0];
      throw problems.insufficientScope(
        scopes,
        scopes.map((scope) => scopeUri(apiClientId, scope)),
      );
    }
    if (roles && !roles.some((role) => principal.roles.includes(role))) {
      throw problems.missingRole(roles);
    }
    return true;
  }

  /** The route's decorators, read once per handler (they never change at run time). */
  private rulesFor(context: ExecutionContext): RouteRules {
    const handler = context.getHandler();
    let rules = this.rules.get(handler);
    if (rules === undefined) {
      const targets = [handler, context.getClass()];
      rules = {
        isPublic: this.reflector.getAllAndOverride<boolean>(isPublicKey, targets) === true,
        scopes: this.reflector.getAllAndOverride<Scope[] | undefined>(requiredScopesKey, targets),
        roles: this.reflector.getAllAndOverride<AppRole[] | undefined>(requiredRolesKey, targets),
      };
      this.rules.set(handler, rules);
    }
    return rules;
  }

  private authenticate(
    request: GuardedRequest,
    response: unknown,
    token: string,
  ): Promise<Principal> {
    return new Promise<Principal>((resolve, reject) => {
      const middleware = this.passport.authenticate(
        entraJwtStrategyName,
        { session: false },
        (error: unknown, user: Principal | false, info: unknown) => {
          if (user) {
            resolve(user);
            return;
          }
          const failure = this.validation.explain(error ?? info, token);
          if (failure instanceof AuthorityUnavailableError) {
            // The client only learns "try again"; the operator needs the reason.
            this.logger.warn(`Cannot validate tokens: ${failure.message}`);
            reject(problems.authorityUnavailable());
          } else {
            reject(problems.invalidToken(failure));
          }
        },
      ) as (req: unknown, res: unknown, next: (error?: unknown) => void) => void;
      middleware(request, response, (error) =>
        reject(error instanceof Error ? error : new Error('passport continued without a result')),
      );
    });
  }
}

// Authorization, after AccessTokenGuard: the route's @RequireScopes, @RequireRoles and
// @RequireAppPermissions against the caller (authorization.decorators.ts says what each
// means). Users and applications are told apart (principal.kind): a user's app role never
// passes an application-permission requirement, and an app-only token never passes a
// delegated-scope or user-role requirement.
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { scopeUri } from '@pixy/auth-contract';
import { problems } from '../errors/problem.js';
import { AUTH_OPTIONS, type AuthOptions } from './auth-options.js';
import { RouteRulesReader, type RouteRules } from './authorization.decorators.js';
import type { Principal } from './principal.js';

@Injectable()
export class PermissionsGuard implements CanActivate {
  private readonly routes: RouteRulesReader;

  constructor(
    @Inject(Reflector) reflector: Reflector,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {
    this.routes = new RouteRulesReader(reflector);
  }

  canActivate(context: ExecutionContext): true {
    const rules = this.routes.of(context);
    if (rules.isPublic) return true;
    const { user } = context.switchToHttp().getRequest<{ user?: Principal }>();
    if (user === undefined) throw new Error('PermissionsGuard ran before AccessTokenGuard');
    authorize(user, rules, this.options);
    return true;
  }
}

/** Throws the 403 problem (or step-up's 401) when `principal` may not call a route with these rules. */
export function authorize(
  principal: Principal,
  rules: RouteRules,
  options: Pick<AuthOptions, 'apiClientId' | 'authority' | 'stepUpContext'>,
): void {
  const { apiClientId } = options;
  const { scopes, roles, appPermissions } = rules;
  if (principal.kind === 'app') {
    if (appPermissions === undefined) throw problems.userTokenRequired();
    if (!appPermissions.some((permission) => principal.roles.includes(permission))) {
      throw problems.missingAppPermission(appPermissions);
    }
    return;
  }
  if (appPermissions !== undefined && scopes === undefined && roles === undefined) {
    throw problems.appTokenRequired(appPermissions);
  }
  if (scopes !== undefined && !scopes.some((scope) => principal.scopes.includes(scope))) {
    throw problems.insufficientScope(
      scopes,
      scopes.map((scope) => scopeUri(apiClientId, scope)),
    );
  }
  if (roles !== undefined && !roles.some((role) => principal.roles.includes(role))) {
    throw problems.missingRole(roles, appPermissions);
  }
  if (rules.stepUp && !principal.authContexts.includes(options.stepUpContext)) {
    throw problems.stepUpRequired(principal, options);
  }
}

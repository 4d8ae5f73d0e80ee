// Authorization declared on the route. Every route needs a valid access token of a
// signed-in user unless it says otherwise:
//   @Public()                   no token at all (health, the OpenAPI UI)
//   @RequireScopes(...)         a user whose token has one of these delegated scopes (scp)
//   @RequireRoles(...)          a user who holds one of these app roles (roles)
//   @RequireAppPermissions(...) an application (app-only token) granted one of these
//                               application permissions (roles)
//   @RequireStepUp()            a user whose sign-in satisfied the Conditional Access
//                               authentication context AUTH_STEP_UP_CONTEXT (acrs); else a
//                               claims challenge, so the client can step up
// A route with user requirements and @RequireAppPermissions accepts either kind of caller,
// each checked against its own requirement (microsoft-identity-web's
// RequiredScopeOrAppPermission). App-only tokens are refused everywhere else.
import {
  SetMetadata,
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
} from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { ApiExtension, ApiOAuth2 } from '@nestjs/swagger';
import type { AppPermission, AppRole, Scope } from '@pixy/auth-contract';
import { readBearerToken } from './bearer-token.js';
import type { Principal } from './principal.js';

/** The OpenAPI security scheme (OAuth2 authorization code + PKCE against the authority). */
export const openApiSecurityScheme = 'entra';

const isPublicKey = 'pixy:public';
const requiredScopesKey = 'pixy:required-scopes';
const requiredRolesKey = 'pixy:required-roles';
const requiredAppPermissionsKey = 'pixy:required-app-permissions';
const stepUpKey = 'pixy:step-up';

/** Marks public operations in the OpenAPI document; every other one needs a token there. */
export const openApiPublicExtension = 'x-pixy-public';

/** The route answers without a token (health, the OpenAPI UI). */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(isPublicKey, true), ApiExtension(openApiPublicExtension, true));

/**
 * A signed-in user whose token's `scp` contains at least one of these scopes (exact
 * match). Also tells the OpenAPI document which scopes the route needs.
 */
export const RequireScopes = (...scopes: [Scope, ...Scope[]]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(requiredScopesKey, scopes), ApiOAuth2(scopes, openApiSecurityScheme));

/** A signed-in user who holds at least one of these app roles (exact match). */
export const RequireRoles = (...roles: [AppRole, ...AppRole[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(requiredRolesKey, roles);

/** An application (app-only token) granted at least one of these application permissions. */
export const RequireAppPermissions = (
  ...permissions: [AppPermission, ...AppPermission[]]
): MethodDecorator & ClassDecorator => SetMetadata(requiredAppPermissionsKey, permissions);

/**
 * A user whose sign-in satisfied the step-up authentication context (AUTH_STEP_UP_CONTEXT
 * in `acrs`). Without it: 401 with a claims challenge that asks for it, when the client
 * can answer one (`xms_cc` has `cp1`); 403 otherwise.
 */
export const RequireStepUp = (): MethodDecorator & ClassDecorator => SetMetadata(stepUpKey, true);

/** The validated caller, as the guards left it on the request. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const request = context.switchToHttp().getRequest<{ user?: Principal }>();
    if (!request.user) throw new Error('CurrentPrincipal used on a @Public() route');
    return request.user;
  },
);

/**
 * The caller's access token as sent, once the guards verified it: for a downstream call on
 * the caller's behalf (on-behalf-of). Never log it, never send it anywhere but the authority.
 */
export const CallerToken = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<{ headers: { authorization?: string } }>();
  const bearer = readBearerToken(request.headers.authorization);
  if (bearer.kind !== 'token') throw new Error('CallerToken used on a @Public() route');
  return bearer.token;
});

/** What a route's decorators require. */
export interface RouteRules {
  readonly isPublic: boolean;
  readonly scopes: readonly Scope[] | undefined;
  readonly roles: readonly AppRole[] | undefined;
  readonly appPermissions: readonly AppPermission[] | undefined;
  readonly stepUp: boolean;
}

/** Reads each route's rules once (decorators never change at run time). */
export class RouteRulesReader {
  private readonly rules = new WeakMap<object, RouteRules>();

  constructor(private readonly reflector: Reflector) {}

  of(context: ExecutionContext): RouteRules {
    const handler = context.getHandler();
    let rules = this.rules.get(handler);
    if (rules === undefined) {
      const targets = [handler, context.getClass()];
      const read = <T>(key: string) =>
        this.reflector.getAllAndOverride<T | undefined>(key, targets);
      rules = {
        isPublic: read<boolean>(isPublicKey) === true,
        scopes: read<Scope[]>(requiredScopesKey),
        roles: read<AppRole[]>(requiredRolesKey),
        appPermissions: read<AppPermission[]>(requiredAppPermissionsKey),
        stepUp: read<boolean>(stepUpKey) === true,
      };
      this.rules.set(handler, rules);
    }
    return rules;
  }
}

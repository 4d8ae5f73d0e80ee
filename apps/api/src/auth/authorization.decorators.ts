// Authorization declared on the route. Every route needs a valid access token unless it is
// marked @Public(); @RequireScopes and @RequireRoles name permissions from @pixy/auth-contract.
import {
  SetMetadata,
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiOAuth2 } from '@nestjs/swagger';
import type { AppRole, Scope } from '@pixy/auth-contract';
import type { Principal } from './principal.js';

/** The OpenAPI security scheme (OAuth2 authorization code + PKCE against the authority). */
export const openApiSecurityScheme = 'entra';

export const isPublicKey = 'pixy:public';
export const requiredScopesKey = 'pixy:required-scopes';
export const requiredRolesKey = 'pixy:required-roles';

/** The route answers without a token (health, the OpenAPI UI). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(isPublicKey, true);

/**
 * The token's `scp` must contain at least one of these scopes (exact match). Also tells
 * the OpenAPI document which scopes the route needs (turned into full URIs there).
 */
export const RequireScopes = (...scopes: [Scope, ...Scope[]]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(requiredScopesKey, scopes), ApiOAuth2(scopes, openApiSecurityScheme));

/** The token's `roles` must contain at least one of these app roles (exact match). */
export const RequireRoles = (...roles: [AppRole, ...AppRole[]]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(requiredRolesKey, roles), ApiOAuth2([], openApiSecurityScheme));

/** For routes that need a valid token but no particular permission, in the OpenAPI document. */
export const RequireToken = (): MethodDecorator & ClassDecorator =>
  ApiOAuth2([], openApiSecurityScheme);

/** The validated caller, as the guard left it on the request. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const request = context.switchToHttp().getRequest<{ user?: Principal }>();
    if (!request.user) throw new Error('CurrentPrincipal used on a @Public() route');
    return request.user;
  },
);

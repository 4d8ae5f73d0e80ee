/**
 * The token response for a signed-in user, whichever grant established who the user is
 * (a code, a refresh token, an on-behalf-of assertion, the dev controls): checks the scope
 * against the user's consent, then mints the access token (for one resource), the ID token
 * (with `openid`), the refresh token and `client_info`.
 */
import type { App, Identity } from './directory.js';
import { microsoftGraph } from './emulator-config.js';
import { tokenContext, type EmulatorContext } from './emulator-context.js';
import { EntraError } from './entra-errors.js';
import {
  fullName,
  grantedScopes,
  parseScopeRequest,
  singleResource,
  type ScopeRequest,
} from './scope-request.js';
import {
  clientInfoOf,
  signIdToken,
  signUserAccessToken,
  type ClientAuthentication,
} from './tokens.js';

export interface TokenResponse {
  readonly token_type: 'Bearer';
  readonly scope?: string;
  readonly expires_in: number;
  readonly ext_expires_in: number;
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly refresh_token_expires_in?: number;
  readonly id_token?: string;
  readonly client_info?: string;
}

export interface UserGrant {
  readonly client: App;
  readonly clientAuthentication: ClientAuthentication;
  readonly identity: Identity;
  readonly sid: string | undefined;
  readonly authTime: number;
  readonly nonce: string | undefined;
  /** The request's scope parameter: OIDC scopes and the scopes of at most one resource. */
  readonly scope: string;
  /** Authentication contexts the sign-in satisfied and the request asks for: `acrs`. */
  readonly contexts: readonly string[];
  readonly clientCapabilities: readonly string[];
  /**
   * How refresh tokens are issued: after a code only for `offline_access`; after a refresh
   * token always (`rotation`), since the used one stops working. None for dev tokens.
   */
  readonly refresh:
    { readonly family: string; readonly expiresAt: number; readonly rotation: boolean } | undefined;
  readonly wantsClientInfo: boolean;
}

/**
 * Tokens for a grant whose client and user are established. Refuses scopes of several
 * resources (AADSTS28000) and scopes the user has not consented to (AADSTS65001); never
 * returns fewer scopes than asked for.
 */
export async function userTokenResponse(
  emulator: EmulatorContext,
  grant: UserGrant,
): Promise<TokenResponse> {
  const { state, directory, lifetimes } = emulator;
  const { identity, client } = grant;
  const user = identity.user;
  if (state.isDisabled(user.key)) {
    throw new EntraError('invalid_grant', 50057, `The user account ${user.username} is disabled.`);
  }
  const request = parseScopeRequest(grant.scope, directory);
  const requested = singleResource(request, grant.scope);
  const who = { username: user.username, clientId: client.clientId };
  const resource = requested?.resource ?? graph(emulator);
  if (!directory.appServes(resource, identity.tenant)) {
    throw new EntraError(
      'invalid_resource',
      500011,
      `The resource principal named ${resource.identifierUris[0] ?? resource.clientId} was not found in the tenant ` +
        `${identity.tenant.displayName} (${identity.tenant.id}): ${resource.displayName}'s signInAudience is ${resource.signInAudience}.`,
    );
  }
  const consented = state.consentedScopes(user.key, resource.clientId);
  const scopes = requested
    ? grantedScopes(consented, requested, who, 'invalid_grant')
    : oidcGraphScopes(request, consented);
  const context = tokenContext(emulator);
  const accessToken = await signUserAccessToken(context, {
    identity,
    client,
    clientAuthentication: grant.clientAuthentication,
    resource,
    scopes,
    roles: (user.appRoles.get(resource.clientId) ?? []).filter((role) =>
      resource.userRoles.includes(role),
    ),
    sid: grant.sid,
    contexts: grant.contexts,
    clientCapabilities: grant.clientCapabilities,
    lifetime: lifetimes.accessToken,
  });
  const response: { -readonly [K in keyof TokenResponse]: TokenResponse[K] } = {
    token_type: 'Bearer',
    scope: requested ? scopes.map((s) => fullName(resource, s)).join(' ') : scopes.join(' '),
    expires_in: lifetimes.accessToken,
    ext_expires_in: lifetimes.accessToken,
    access_token: accessToken,
  };
  if (request.oidc.has('openid')) {
    response.id_token = await signIdToken(context, {
      identity,
      client,
      sid: grant.sid ?? '',
      nonce: grant.nonce,
      withEmail: request.oidc.has('email'),
      lifetime: lifetimes.idToken,
    });
  }
  const refresh = grant.refresh;
  if (refresh && (refresh.rotation || request.oidc.has('offline_access'))) {
    response.refresh_token = state.issueRefreshToken({
      clientId: client.clientId,
      userKey: user.key,
      tenantId: identity.tenant.id,
      sid: grant.sid ?? '',
      authTime: grant.authTime,
      contexts: grant.contexts,
      scope: grant.scope,
      family: refresh.family,
      expiresAt: refresh.expiresAt,
      spa: client.redirectUris.length > 0,
    });
    response.refresh_token_expires_in = refresh.expiresAt - context.now;
  }
  if (grant.wantsClientInfo) response.client_info = clientInfoOf(identity);
  return response;
}

function graph(emulator: EmulatorContext): App {
  const app = emulator.directory.app(microsoftGraph.appId);
  if (!app) throw new Error('Microsoft Graph is built into every directory.');
  return app;
}

/**
 * With no resource scope Entra issues a Microsoft Graph token, carrying the OIDC scopes
 * and the Graph permissions the user consented to (`User.Read`).
 */
function oidcGraphScopes(request: ScopeRequest, consented: readonly string[]): string[] {
  return [...[...request.oidc].filter((scope) => scope !== 'offline_access'), ...consented];
}

/**
 * The grants of confidential clients: `client_credentials` (an app-only token for one
 * resource's `/.default`, with the application permissions granted to the app) and
 * on-behalf-of (`urn:ietf:params:oauth:grant-type:jwt-bearer` with
 * `requested_token_use=on_behalf_of`: a middle-tier API trades the access token it was
 * called with for a token to a downstream API, for the same user).
 */
import { randomUUID } from 'node:crypto';
import { authorityCovers, type Authority } from './authorities.js';
import { challengeClaims, type ClaimsRequest } from './claims-request.js';
import type { AuthenticatedClient } from './client-authentication.js';
import type { Identity, Tenant } from './directory.js';
import { tokenContext, type EmulatorContext } from './emulator-context.js';
import { EntraError } from './entra-errors.js';
import { param, requiredParam } from './http-io.js';
import { isAppOnly, IssuedTokenError, verifyIssuedToken } from './issued-tokens.js';
import { signAppAccessToken } from './tokens.js';
import { userTokenResponse, type TokenResponse } from './user-token-response.js';

export async function clientCredentials(
  emulator: EmulatorContext,
  authority: Authority,
  client: AuthenticatedClient,
  params: URLSearchParams,
): Promise<TokenResponse> {
  const { directory, lifetimes } = emulator;
  const app = requireConfidential(client);
  const tenant = appOnlyTenant(authority, client);
  if (!directory.appServes(app, tenant)) {
    throw new EntraError(
      'unauthorized_client',
      700016,
      `Application with identifier '${app.clientId}' was not found in the directory '${tenant.displayName}' (${tenant.id}).`,
    );
  }
  const scope = requiredParam(params, 'scope');
  const items = scope.split(' ').filter((item) => item !== '');
  const only = items.length === 1 ? items[0] : undefined;
  if (only === undefined || !only.endsWith('/.default')) {
    throw new EntraError(
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid. ` +
        `Client credential flows must have a scope value with /.default suffixed to the resource identifier ` +
        `(application ID URI), for one resource, e.g. api://<client id>/.default.`,
    );
  }
  const identifier = only.slice(0, -'/.default'.length);
  const resource = directory.resource(identifier);
  if (!resource || !directory.appServes(resource, tenant)) {
    throw new EntraError(
      'invalid_resource',
      500011,
      `The resource principal named ${identifier} was not found in the tenant named ${tenant.displayName} (${tenant.id}).`,
    );
  }
  const accessToken = await signAppAccessToken(tokenContext(emulator), {
    tenant,
    client: app,
    clientAuthentication: client.authentication,
    resource,
    roles: app.applicationPermissions.get(resource.clientId) ?? [],
    lifetime: lifetimes.accessToken,
  });
  return {
    token_type: 'Bearer',
    expires_in: lifetimes.accessToken,
    ext_expires_in: lifetimes.accessToken,
    access_token: accessToken,
  };
}

export async function onBehalfOf(
  emulator: EmulatorContext,
  authority: Authority,
  client: AuthenticatedClient,
  params: URLSearchParams,
  claims: ClaimsRequest,
): Promise<TokenResponse> {
  const { state } = emulator;
  const app = requireConfidential(client);
  if (param(params, 'requested_token_use') !== 'on_behalf_of') {
    throw new EntraError(
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'requested_token_use' (on_behalf_of).",
    );
  }
  let assertion;
  try {
    assertion = await verifyIssuedToken(emulator, requiredParam(params, 'assertion'));
  } catch (error) {
    if (!(error instanceof IssuedTokenError)) throw error;
    throw error.problem === 'expired'
      ? new EntraError(
          'invalid_grant',
          500133,
          `Assertion is not within its valid time range. Ensure that the access token is not expired before ` +
            `using it for user assertion, or request a new token. ${error.message}`,
        )
      : new EntraError(
          'invalid_grant',
          50013,
          `Assertion failed signature validation. ${error.message}`,
        );
  }
  const audience = String(assertion.aud);
  if (audience !== app.clientId && !app.identifierUris.includes(audience)) {
    throw new EntraError(
      'invalid_grant',
      500131,
      `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion ` +
        `was '${audience}' and the expected audience is '${app.clientId}' or one of the Application Uris of this ` +
        `application. The downstream client must request a token for the expected audience (the application that ` +
        `made the OBO request) and this application should use that token as the assertion.`,
    );
  }
  if (isAppOnly(assertion)) {
    throw new EntraError(
      'invalid_grant',
      7000114,
      `Application '${app.clientId}' isn't allowed to make application on-behalf-of calls: the assertion is an ` +
        `app-only token. On-behalf-of is for users; an app calls downstream APIs with client credentials.`,
    );
  }
  const identity = assertionIdentity(emulator, assertion.tid, assertion.oid);
  if (!authorityCovers(authority, identity.tenant)) {
    throw new EntraError(
      'invalid_grant',
      70000,
      `The assertion is for tenant ${identity.tenant.id}: send the on-behalf-of request to that tenant, not /${authority.segment}.`,
    );
  }
  const sid = typeof assertion.sid === 'string' ? assertion.sid : undefined;
  const issuedAt = assertion.iat ?? 0;
  const invalidSince = state.invalidatedSince(identity.user.key, sid, issuedAt);
  if (invalidSince !== undefined) {
    throw new EntraError(
      'interaction_required',
      50173,
      `The provided grant has expired due to it being revoked, and a fresh auth token is needed: the user's ` +
        `sign-ins were revoked (or the account disabled) at ${invalidSince}. Have the user sign in again.`,
      undefined,
      challengeClaims({ authenticatedAfter: invalidSince }),
    );
  }
  const satisfied = Array.isArray(assertion.acrs) ? assertion.acrs.map(String) : [];
  const missing = claims.contexts.filter((context) => !satisfied.includes(context));
  if (missing.length > 0) {
    throw new EntraError(
      'interaction_required',
      50076,
      `Conditional Access requires the authentication context ${missing.join(', ')}, which the user's token ` +
        `does not carry: the client must get one with these claims first.`,
      undefined,
      challengeClaims({ contexts: missing }),
    );
  }
  return userTokenResponse(emulator, {
    client: app,
    clientAuthentication: client.authentication,
    identity,
    sid,
    authTime: issuedAt,
    nonce: undefined,
    scope: requiredParam(params, 'scope'),
    contexts: claims.contexts,
    clientCapabilities: claims.clientCapabilities,
    refresh: {
      family: randomUUID(),
      expiresAt: state.seconds() + emulator.lifetimes.refreshToken,
      rotation: false,
    },
    wantsClientInfo: param(params, 'client_info') === '1',
  });
}

function requireConfidential(client: AuthenticatedClient) {
  if (!client.app.isConfidential) {
    throw new EntraError(
      'invalid_client',
      7000218,
      `The request body must contain the following parameter: 'client_assertion' or 'client_secret': ` +
        `${client.app.displayName} is a public client, and this grant is for confidential clients.`,
    );
  }
  return client.app;
}

/** Client credentials are for one tenant: a tenant's path, or /organizations (the app's home). */
function appOnlyTenant(authority: Authority, client: AuthenticatedClient): Tenant {
  const tenant =
    authority.kind === 'tenant'
      ? authority.tenant
      : authority.kind === 'organizations'
        ? client.app.home
        : undefined;
  if (!tenant || tenant.personal) {
    throw new EntraError(
      'invalid_request',
      9001023,
      `The grant type isn't supported over the /common or /consumers endpoints (or for personal accounts). ` +
        `Please use the /organizations or tenant-specific endpoint.`,
    );
  }
  return tenant;
}

function assertionIdentity(emulator: EmulatorContext, tid: unknown, oid: unknown): Identity {
  const { directory } = emulator;
  const tenant = typeof tid === 'string' ? directory.tenant(tid) : undefined;
  const identity =
    tenant &&
    directory.users
      .map((user) => directory.identityIn(user, tenant))
      .find((candidate) => candidate?.oid === oid);
  if (!identity) {
    throw new EntraError(
      'invalid_grant',
      50034,
      `The user account of the assertion (oid ${String(oid)}, tenant ${String(tid)}) does not exist in this emulator.`,
    );
  }
  return identity;
}

/**
 * A Microsoft Graph stand-in: `GET /graph/v1.0/me`, the signed-in user's profile, for
 * tokens the emulator issued for Graph with `User.Read` (e.g. through on-behalf-of). As
 * Graph does, it honours Continuous Access Evaluation: once a user is revoked or disabled
 * (dev controls), their older tokens get a 401 claims challenge that MSAL can answer.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { challengeClaims } from './claims-request.js';
import { microsoftGraph } from './emulator-config.js';
import type { EmulatorContext } from './emulator-context.js';
import { sendJson } from './http-io.js';
import { isAppOnly, IssuedTokenError, verifyIssuedToken } from './issued-tokens.js';

export const graphPrefix = '/graph/';
const mePath = '/graph/v1.0/me';

/** Graph's own error shape: `{"error": {"code", "message", "innerError"}}`. */
function graphError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d+Z$/, ''),
          'request-id': randomUUID(),
        },
      },
    },
    { ...graphCors, ...headers },
  );
}

/** Browsers may call it (it is public, as Graph is), and must see the challenge header. */
const graphCors = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'WWW-Authenticate',
};

export async function handleGraph(
  emulator: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      ...graphCors,
      'access-control-allow-methods': 'GET, OPTIONS',
      'access-control-allow-headers': 'Authorization, Content-Type, client-request-id',
      'access-control-max-age': '86400',
    });
    res.end();
    return;
  }
  if (path !== mePath) {
    return graphError(
      res,
      404,
      'Request_ResourceNotFound',
      `The emulated Microsoft Graph serves GET ${mePath} only.`,
    );
  }
  if (req.method !== 'GET') {
    return graphError(res, 405, 'Request_BadRequest', 'Use GET.', { allow: 'GET, OPTIONS' });
  }
  const challenge = `Bearer realm="", authorization_uri="${emulator.origin}/common/oauth2/v2.0/authorize", client_id="${microsoftGraph.appId}"`;
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer === undefined) {
    return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty.', {
      'www-authenticate': challenge,
    });
  }
  let claims;
  try {
    claims = await verifyIssuedToken(emulator, bearer);
  } catch (error) {
    if (!(error instanceof IssuedTokenError)) throw error;
    return graphError(res, 401, 'InvalidAuthenticationToken', error.message, {
      'www-authenticate': challenge,
    });
  }
  if (claims.aud !== microsoftGraph.appId && claims.aud !== microsoftGraph.resource) {
    return graphError(
      res,
      401,
      'InvalidAuthenticationToken',
      `Invalid audience: the token is for ${String(claims.aud)}, not Microsoft Graph. Ask for ` +
        `${microsoftGraph.resource}/User.Read (on behalf of the user, from an API).`,
      { 'www-authenticate': challenge },
    );
  }
  if (isAppOnly(claims)) {
    return graphError(
      res,
      400,
      'BadRequest',
      '/me request is only valid with delegated authentication flow.',
    );
  }
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ') : [];
  if (!scopes.includes('User.Read')) {
    return graphError(
      res,
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation: the token lacks the delegated permission User.Read.',
    );
  }
  const { directory, state } = emulator;
  const tenant = directory.tenant(String(claims.tid));
  const identity =
    tenant &&
    directory.users
      .map((user) => directory.identityIn(user, tenant))
      .find((candidate) => candidate?.oid === claims.oid);
  if (!identity) {
    return graphError(
      res,
      404,
      'Request_ResourceNotFound',
      `User ${String(claims.oid)} does not exist.`,
    );
  }
  const sid = typeof claims.sid === 'string' ? claims.sid : undefined;
  const since = state.invalidatedSince(identity.user.key, sid, claims.iat ?? 0);
  if (since !== undefined) {
    // Continuous Access Evaluation: the client must come back with a token from a sign-in after `since`.
    const claimsChallenge = Buffer.from(challengeClaims({ authenticatedAfter: since })).toString(
      'base64',
    );
    return graphError(
      res,
      401,
      'InvalidAuthenticationToken',
      'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp',
      {
        'www-authenticate': `${challenge}, error="insufficient_claims", claims="${claimsChallenge}"`,
      },
    );
  }
  const { user } = identity;
  sendJson(
    res,
    200,
    {
      '@odata.context': `${emulator.origin}/graph/v1.0/$metadata#users/$entity`,
      id: identity.oid,
      displayName: user.displayName,
      mail: user.mail,
      jobTitle: user.jobTitle ?? null,
      officeLocation: user.officeLocation ?? null,
      userPrincipalName: user.username,
      businessPhones: [],
      givenName: null,
      surname: null,
      mobilePhone: null,
      preferredLanguage: null,
    },
    graphCors,
  );
}

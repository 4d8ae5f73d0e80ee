/**
 * Development-only controls, served under `/_dev` only when enabled (IDP_DEV_CONTROLS):
 * rotate the signing key, revoke a user's sessions and refresh tokens, and mint an access
 * token without a browser. JSON over HTTPS; requests from web pages of other origins are
 * refused, so a page the developer visits cannot rotate keys or revoke sessions.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findUser } from './directory.js';
import { EntraError, entraErrorBody } from './entra-errors.js';
import { readBody, sendJson } from './http-io.js';
import type { IdpContext } from './idp-context.js';
import { tokenResponse } from './token-endpoint.js';

export const devControlsPrefix = '/_dev/';

/** The body of `POST /_dev/tokens`. */
export interface DevTokenRequest {
  readonly username: string;
  /** Short names of the default API's scopes (`Tasks.Read`), or full scope URIs. */
  readonly scopes: readonly string[];
  /** Default: the first client of the directory, the SPA. */
  readonly clientId?: string;
}

export async function handleDevControl(
  idp: IdpContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  try {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== idp.origin) {
      sendJson(res, 403, {
        error: 'forbidden',
        error_description: 'Dev controls refuse cross-origin requests.',
      });
      return;
    }
    if (req.method !== 'POST') {
      sendJson(
        res,
        405,
        { error: 'method_not_allowed', error_description: 'Use POST.' },
        { allow: 'POST' },
      );
      return;
    }
    if (path === '/_dev/keys/rotate') {
      const key = await idp.keys.rotate();
      sendJson(res, 200, { kid: key.kid, published: idp.keys.publishedKids });
      return;
    }
    const revoke = /^\/_dev\/users\/([^/]+)\/revoke$/.exec(path);
    if (revoke) {
      const username = decodePathSegment(revoke[1] ?? '');
      const user = findUser(idp.directory, username);
      if (!user) throw unknownUser(username);
      sendJson(res, 200, { revoked: idp.state.revokeUser(user.key) });
      return;
    }
    if (path === '/_dev/tokens') {
      sendJson(res, 200, await devToken(idp, parseDevTokenRequest(await readBody(req))));
      return;
    }
    sendJson(res, 404, { error: 'not_found', error_description: `No dev control at ${path}.` });
  } catch (error) {
    if (!(error instanceof EntraError)) throw error;
    sendJson(res, error.error === 'not_found' ? 404 : 400, entraErrorBody(error));
  }
}

async function devToken(idp: IdpContext, request: DevTokenRequest) {
  const user = findUser(idp.directory, request.username);
  if (!user) throw unknownUser(request.username);
  const clientId = (request.clientId ?? idp.directory.clients[0]?.clientId ?? '').toLowerCase();
  const client = idp.directory.clients.find((c) => c.clientId === clientId);
  if (!client) {
    throw new EntraError(
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found.`,
    );
  }
  const api = idp.directory.apis[0];
  const scope = request.scopes
    .map((scope) => (scope.includes('/') || !api ? scope : `${api.applicationIdUri}/${scope}`))
    .join(' ');
  const response = await tokenResponse(idp, {
    client,
    user,
    sid: randomUUID(),
    nonce: undefined,
    scope,
    refresh: undefined,
    wantsClientInfo: false,
  });
  return {
    access_token: response.access_token,
    token_type: response.token_type,
    expires_in: response.expires_in,
  };
}

function parseDevTokenRequest(body: string): DevTokenRequest {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    data = undefined;
  }
  const request = data as Partial<Record<keyof DevTokenRequest, unknown>> | undefined;
  if (
    typeof request !== 'object' ||
    request === null ||
    typeof request.username !== 'string' ||
    !Array.isArray(request.scopes) ||
    request.scopes.length === 0 ||
    !request.scopes.every((scope) => typeof scope === 'string') ||
    (request.clientId !== undefined && typeof request.clientId !== 'string')
  ) {
    throw new EntraError(
      'invalid_request',
      900144,
      'Send JSON {"username": "alice@pixy.test", "scopes": ["<scope>", …], "clientId"?: "<client id>"}.',
    );
  }
  return request as unknown as DevTokenRequest;
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // malformed escapes: no user has such a name, so the lookup fails cleanly
  }
}

function unknownUser(username: string): EntraError {
  return new EntraError(
    'not_found',
    50034,
    `The user account ${username} does not exist in this emulator.`,
  );
}

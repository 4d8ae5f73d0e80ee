/**
 * Development-only controls, served under `/_dev` only when enabled: rotate the signing
 * keys, mint an access token without a browser, revoke a user (CAE), expire a user's
 * refresh tokens, disable a user, withdraw a user's consent, make the token endpoint fail,
 * and shift the emulator's clock. JSON over HTTPS (dev-controls-client.ts is the typed
 * client); requests from web pages of other origins are refused, so a page the developer
 * visits cannot use them.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DevTokenRequest } from './dev-controls-client.js';
import type { User } from './directory.js';
import type { EmulatorContext } from './emulator-context.js';
import { EntraError, entraErrorBody } from './entra-errors.js';
import { readBody, sendJson } from './http-io.js';
import { userTokenResponse } from './user-token-response.js';

export const devControlsPrefix = '/_dev/';

type Body = Record<string, unknown>;

/** Controls at `/_dev/<path>`. */
const controls: Readonly<Record<string, (emulator: EmulatorContext, body: Body) => unknown>> = {
  'keys/rotate': async (emulator) => {
    await emulator.keys.rotate();
    return {
      kid: emulator.keys.active('organizations').kid,
      published: emulator.keys.publishedKids('organizations'),
      personalAccounts: {
        kid: emulator.keys.active('personal').kid,
        published: emulator.keys.publishedKids('personal'),
      },
    };
  },
  tokens: (emulator, body) => devToken(emulator, body),
  'token-endpoint/failures': (emulator, body) => {
    const count = optional(body, 'count', 'number') ?? 1;
    const status = optional(body, 'status', 'number') ?? 503;
    const retryAfterSeconds = optional(body, 'retryAfterSeconds', 'number') ?? 1;
    if (!Number.isInteger(count) || count < 0 || count > 1000) {
      throw badRequest('count must be a whole number from 0 to 1000.');
    }
    if (![429, 500, 503, 504].includes(status)) {
      throw badRequest('status must be 429, 500, 503 or 504.');
    }
    if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0) {
      throw badRequest('retryAfterSeconds must be a whole number of seconds.');
    }
    emulator.state.failTokenRequests({ remaining: count, status, retryAfterSeconds });
    return { failing: count, status, retryAfterSeconds };
  },
  clock: (emulator, body) => {
    const advance = optional(body, 'advanceSeconds', 'number');
    const offset = optional(body, 'offsetSeconds', 'number');
    const seconds = advance ?? offset;
    if ((advance === undefined) === (offset === undefined) || !Number.isInteger(seconds)) {
      throw badRequest(
        'Send {"advanceSeconds": n} to move the clock by n whole seconds, or {"offsetSeconds": n} ' +
          'to set its offset from the real time (0 resets it).',
      );
    }
    if (offset !== undefined) emulator.state.resetClock();
    emulator.state.shiftClock(seconds ?? 0);
    return { now: emulator.state.seconds(), offsetSeconds: emulator.state.clockOffset };
  },
};

/** Controls at `/_dev/users/<key or username>/<path>`. */
const userControls: Readonly<
  Record<string, (emulator: EmulatorContext, body: Body, user: User) => unknown>
> = {
  revoke: (emulator, _, user) => {
    const { revokedAt, ...revoked } = emulator.state.revokeUser(user.key);
    return { revoked, revokedAt };
  },
  'refresh-tokens/expire': (emulator, _, user) => ({
    expired: emulator.state.expireRefreshTokens(user.key),
  }),
  disable: (emulator, _, user) => {
    emulator.state.disableUser(user.key);
    return { disabled: true };
  },
  enable: (emulator, _, user) => {
    emulator.state.enableUser(user.key);
    return { disabled: false };
  },
  'consent/revoke': (emulator, body, user) => {
    const resource = optional(body, 'resource', 'string');
    const app = resource === undefined ? undefined : emulator.directory.resource(resource);
    if (resource !== undefined && !app) {
      throw badRequest(`No application exposes the resource "${resource}".`);
    }
    return { revoked: emulator.state.revokeConsent(user.key, app?.clientId) };
  },
};

export async function handleDevControl(
  emulator: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  try {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== emulator.origin) {
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
    const rest = path.slice(devControlsPrefix.length);
    const userPath = /^users\/([^/]+)\/(.+)$/.exec(rest);
    const control = own(controls, rest);
    const userControl = userPath ? own(userControls, userPath[2] ?? '') : undefined;
    if (!control && !userControl) {
      sendJson(res, 404, { error: 'not_found', error_description: `No dev control at ${path}.` });
      return;
    }
    const body = parseBody(await readBody(req));
    if (control) {
      sendJson(res, 200, await control(emulator, body));
      return;
    }
    const username = decodePathSegment(userPath?.[1] ?? '');
    const user = emulator.directory.user(username);
    if (!user) throw unknownUser(username);
    sendJson(res, 200, await userControl?.(emulator, body, user));
  } catch (error) {
    if (!(error instanceof EntraError)) throw error;
    sendJson(res, error.error === 'not_found' ? 404 : 400, entraErrorBody(error));
  }
}

async function devToken(emulator: EmulatorContext, body: Body) {
  const request = parseDevTokenRequest(body);
  const { directory } = emulator;
  const user = directory.user(request.username);
  if (!user) throw unknownUser(request.username);
  const clientId = (
    request.clientId ??
    directory.apps.find((app) => app.redirectUris.length > 0)?.clientId ??
    ''
  ).toLowerCase();
  const client = directory.requireApp(clientId);
  const tenant = request.tenant === undefined ? user.home.tenant : directory.tenant(request.tenant);
  const identity = tenant && directory.identityIn(user, tenant);
  if (!identity) {
    throw badRequest(
      `${user.username} has no account in the tenant ${request.tenant ?? '(none)'}.`,
    );
  }
  // Short scope names are the first API's (the one with scopes), as the `token` command takes them.
  const api = directory.apps.find((app) => app.scopes.length > 0 && app.identifierUris.length > 0);
  const scope = request.scopes
    .map((scope) => (scope.includes('/') || !api ? scope : `${api.identifierUris[0]}/${scope}`))
    .join(' ');
  const response = await userTokenResponse(emulator, {
    client,
    clientAuthentication: client.isConfidential ? '1' : '0',
    identity,
    sid: randomUUID(),
    authTime: emulator.state.seconds(),
    nonce: undefined,
    scope,
    contexts: [],
    // What MSAL's clientCapabilities would send (xms_cc, when the resource requests the claim).
    clientCapabilities: (request.clientCapabilities ?? []).map((value) => value.toLowerCase()),
    refresh: undefined,
    wantsClientInfo: false,
  });
  return {
    access_token: response.access_token,
    token_type: response.token_type,
    expires_in: response.expires_in,
  };
}

function parseDevTokenRequest(body: Body): DevTokenRequest {
  const scopes = body.scopes;
  if (
    typeof body.username !== 'string' ||
    !Array.isArray(scopes) ||
    scopes.length === 0 ||
    !scopes.every((scope) => typeof scope === 'string') ||
    (body.clientId !== undefined && typeof body.clientId !== 'string') ||
    (body.tenant !== undefined && typeof body.tenant !== 'string') ||
    (body.clientCapabilities !== undefined &&
      !(
        Array.isArray(body.clientCapabilities) &&
        body.clientCapabilities.every((value) => typeof value === 'string')
      ))
  ) {
    throw badRequest(
      'Send JSON {"username": "alice@contoso.test", "scopes": ["<scope>", …], "clientId"?: "<client id>", "tenant"?: "<tenant id>", "clientCapabilities"?: ["CP1"]}.',
    );
  }
  return body as unknown as DevTokenRequest;
}

/** A control by name, never an inherited property such as `constructor`. */
function own<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

function parseBody(text: string): Body {
  if (text.trim() === '') return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw badRequest('The body must be JSON.');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw badRequest('The body must be a JSON object.');
  }
  return data as Body;
}

function optional<T extends 'string' | 'number'>(
  body: Body,
  name: string,
  type: T,
): (T extends 'string' ? string : number) | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== type) throw badRequest(`"${name}" must be a ${type}.`);
  return value as T extends 'string' ? string : number;
}

function badRequest(message: string): EntraError {
  return new EntraError('invalid_request', 900144, message);
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

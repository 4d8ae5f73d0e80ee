/**
 * `GET|POST /<tenant>/oauth2/v2.0/authorize`: the authorization code flow with PKCE.
 * A request whose client or redirect URI cannot be trusted gets an error page, never a
 * redirect; every other problem is sent back to the registered redirect URI, as Entra does.
 * The sign-in page posts the chosen user back here with the original parameters.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientApp, TestUser } from './directory.js';
import { findUser } from './directory.js';
import { EntraError } from './entra-errors.js';
import { param, readCookie, readForm, redirect, requiredParam, sendHtml } from './http-io.js';
import type { IdpContext } from './idp-context.js';
import type { Session } from './idp-state.js';
import { errorPage, signInPage } from './pages.js';
import { checkCodeChallenge } from './pkce.js';
import { grantScopes, parseScopeRequest } from './scope-request.js';
import { clientInfoOf, loginHintOf } from './tokens.js';

export const sessionCookie = 'pixy_idp_session';

type ResponseMode = 'query' | 'fragment';
const prompts = ['none', 'login', 'select_account', 'consent', 'create'] as const;
type Prompt = (typeof prompts)[number];

/** Where a response (a code or an error) goes once client and redirect URI are trusted. */
interface ReplyTo {
  readonly redirectUri: string;
  readonly responseMode: ResponseMode;
  readonly state: string | undefined;
  /** A response_mode we do not support: its error goes back in the query. */
  readonly unsupportedMode?: string;
}

export async function handleAuthorize(
  idp: IdpContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  let params: URLSearchParams;
  let client: ClientApp;
  let replyTo: ReplyTo;
  try {
    params = req.method === 'POST' ? await readForm(req) : url.searchParams;
    client = findClient(idp, requiredParam(params, 'client_id'));
    replyTo = readReplyTo(client, params);
  } catch (error) {
    if (!(error instanceof EntraError)) throw error;
    sendHtml(res, 400, errorPage(error));
    return;
  }
  if (req.method === 'POST') {
    try {
      idp.formGuard.checkPost(req, params);
    } catch (error) {
      if (!(error instanceof EntraError)) throw error;
      sendHtml(res, 403, errorPage(error));
      return;
    }
  }

  try {
    if (replyTo.unsupportedMode !== undefined) {
      throw new EntraError(
        'invalid_request',
        90023,
        `response_mode '${replyTo.unsupportedMode}' is not supported: use fragment or query.`,
      );
    }
    const request = readAuthorizeRequest(idp, params);
    const session = idp.state.session(readCookie(req, sessionCookie));
    const chosen = req.method === 'POST' ? requiredParam(params, 'user') : undefined;

    if (chosen !== undefined) {
      const user = findUser(idp.directory, chosen);
      if (!user) {
        throw new EntraError(
          'invalid_request',
          50034,
          `The user account ${chosen} does not exist.`,
        );
      }
      // Signing in again replaces this browser's session; like Entra, that does not
      // revoke the refresh tokens the previous session issued (signing out does).
      if (session) idp.state.endSession(session.id);
      const newSession = idp.state.createSession(user.key);
      issueCode(idp, res, client, replyTo, request, user, newSession, {
        'set-cookie': `${sessionCookie}=${newSession.id}; Path=/; Secure; HttpOnly; SameSite=None`,
      });
      return;
    }

    const sessionUser = session && idp.directory.users.find((u) => u.key === session.userKey);
    const hinted =
      request.loginHint === undefined ? undefined : userForHint(idp, request.loginHint);
    const sessionFits = sessionUser && (request.loginHint === undefined || hinted === sessionUser);

    if (request.prompt === 'none') {
      if (!session || !sessionUser || !sessionFits) {
        throw new EntraError(
          'login_required',
          50058,
          sessionUser
            ? `The signed-in user ${sessionUser.username} does not match the login_hint.`
            : 'A silent sign-in request was sent but no user is signed in.',
        );
      }
      issueCode(idp, res, client, replyTo, request, sessionUser, session);
      return;
    }
    if (session && sessionUser && sessionFits && request.prompt === undefined) {
      issueCode(idp, res, client, replyTo, request, sessionUser, session);
      return;
    }
    const form = idp.formGuard.nonceFor(req, params);
    sendHtml(
      res,
      200,
      signInPage({
        client,
        users: idp.directory.users,
        hinted,
        action: idp.paths.authorize,
        params,
        nonce: form.nonce,
      }),
      form.setCookie === undefined ? {} : { 'set-cookie': form.setCookie },
    );
  } catch (error) {
    if (!(error instanceof EntraError)) throw error;
    redirect(res, replyUrl(replyTo, errorParams(error)));
  }
}

interface AuthorizeRequest {
  readonly scope: string;
  readonly codeChallenge: string;
  readonly prompt: Prompt | undefined;
  readonly loginHint: string | undefined;
  readonly nonce: string | undefined;
  readonly wantsClientInfo: boolean;
}

function readAuthorizeRequest(idp: IdpContext, params: URLSearchParams): AuthorizeRequest {
  const responseType = requiredParam(params, 'response_type');
  if (responseType !== 'code') {
    throw new EntraError(
      'unsupported_response_type',
      700054,
      `response_type '${responseType}' is not enabled for the application: ` +
        `use the authorization code flow with PKCE (response_type=code); the implicit flow is refused.`,
    );
  }
  const scope = requiredParam(params, 'scope');
  parseScopeRequest(scope, idp.directory); // fail early on scopes nobody exposes
  const codeChallenge = checkCodeChallenge(
    param(params, 'code_challenge'),
    param(params, 'code_challenge_method'),
  );
  const prompt = param(params, 'prompt');
  if (prompt !== undefined && !(prompts as readonly string[]).includes(prompt)) {
    throw new EntraError(
      'invalid_request',
      90023,
      `Invalid prompt '${prompt}': use one of ${prompts.join(', ')}.`,
    );
  }
  return {
    scope,
    codeChallenge,
    prompt: prompt as Prompt | undefined,
    loginHint: param(params, 'login_hint'),
    nonce: param(params, 'nonce'),
    wantsClientInfo: param(params, 'client_info') === '1',
  };
}

function issueCode(
  idp: IdpContext,
  res: ServerResponse,
  client: ClientApp,
  replyTo: ReplyTo,
  request: AuthorizeRequest,
  user: TestUser,
  session: Session,
  headers: Record<string, string> = {},
): void {
  const scopes = parseScopeRequest(request.scope, idp.directory);
  const consentError = request.prompt === 'none' ? 'consent_required' : 'access_denied';
  try {
    for (const resource of scopes.resources)
      grantScopes(user, resource, client.clientId, consentError);
  } catch (error) {
    // The user did sign in: keep the new session even though this app gets no code.
    if (!(error instanceof EntraError)) throw error;
    redirect(res, replyUrl(replyTo, errorParams(error)), headers);
    return;
  }
  const code = idp.state.issueCode(
    {
      clientId: client.clientId,
      redirectUri: replyTo.redirectUri,
      codeChallenge: request.codeChallenge,
      scope: request.scope,
      userKey: user.key,
      sid: session.sid,
      nonce: request.nonce,
    },
    idp.lifetimes.authorizationCode,
  );
  const reply: Record<string, string> = { code };
  if (request.wantsClientInfo) reply.client_info = clientInfoOf(user, idp.tenantId);
  redirect(res, replyUrl(replyTo, reply), headers);
}

function findClient(idp: IdpContext, clientId: string): ClientApp {
  const client = idp.directory.clients.find((c) => c.clientId === clientId.toLowerCase());
  if (!client) {
    throw new EntraError(
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory of this emulator. ` +
        `Check SPA_CLIENT_ID, or the clients of IDP_CONFIG_FILE.`,
    );
  }
  return client;
}

/** Trusts the redirect URI only when it is registered for the client, character for character. */
function readReplyTo(client: ClientApp, params: URLSearchParams): ReplyTo {
  const redirectUri = requiredParam(params, 'redirect_uri');
  if (!client.redirectUris.includes(redirectUri)) {
    throw new EntraError(
      'invalid_request',
      50011,
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs ` +
        `configured for the application '${client.clientId}' (${client.redirectUris.join(', ')}).`,
    );
  }
  const mode = param(params, 'response_mode');
  const state = param(params, 'state');
  if (mode === undefined || mode === 'query' || mode === 'fragment') {
    return { redirectUri, responseMode: mode ?? 'query', state };
  }
  // The query is the default response mode of response_type=code.
  return { redirectUri, responseMode: 'query', state, unsupportedMode: mode };
}

function userForHint(idp: IdpContext, hint: string): TestUser | undefined {
  return (
    findUser(idp.directory, hint) ??
    idp.directory.users.find((user) => loginHintOf(user, idp.tenantId) === hint)
  );
}

function errorParams(error: EntraError): Record<string, string> {
  return { error: error.error, error_description: error.description };
}

/** The redirect URI with the reply in its query or fragment, and `state` echoed verbatim. */
function replyUrl(replyTo: ReplyTo, reply: Record<string, string>): string {
  const values = { ...reply, ...(replyTo.state === undefined ? {} : { state: replyTo.state }) };
  const url = new URL(replyTo.redirectUri);
  if (replyTo.responseMode === 'fragment') {
    url.hash = new URLSearchParams(values).toString();
  } else {
    for (const [name, value] of Object.entries(values)) url.searchParams.append(name, value);
  }
  return url.toString();
}

/**
 * `GET|POST /<authority>/oauth2/v2.0/authorize`: the authorization code flow with PKCE.
 * A request whose client or redirect URI cannot be trusted gets an error page, never a
 * redirect; every other problem is sent back to the registered redirect URI, as Entra does.
 *
 * A sign-in goes through up to three pages, each posting the request back with its answer
 * (`step`): the sign-in page (which user), the consent page (when the user lacks consent
 * and may give it) and the step-up page (when `claims` ask for an authentication context
 * the session has not satisfied). A silent request (`prompt=none`) gets the error instead.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  checkAppAtAuthority,
  endpoints,
  identitiesAt,
  identityAt,
  type Authority,
} from './authorities.js';
import { parseClaims, type ClaimsRequest } from './claims-request.js';
import type { App, Directory, Identity } from './directory.js';
import type { EmulatorContext } from './emulator-context.js';
import type { Session } from './emulator-state.js';
import { EntraError } from './entra-errors.js';
import { param, readCookie, readForm, redirect, requiredParam, sendHtml } from './http-io.js';
import { consentPage, errorPage, signInPage, stepUpPage } from './pages.js';
import { checkCodeChallenge } from './pkce.js';
import {
  fullName,
  missingScopes,
  parseScopeRequest,
  type ResourceScopes,
  type ScopeRequest,
} from './scope-request.js';
import { clientInfoOf, loginHintOf } from './tokens.js';

export const sessionCookie = 'entra_emulator_session';

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

interface AuthorizeRequest {
  readonly authority: Authority;
  readonly client: App;
  readonly params: URLSearchParams;
  readonly replyTo: ReplyTo;
  readonly scope: string;
  readonly scopes: ScopeRequest;
  readonly codeChallenge: string;
  readonly prompt: Prompt | undefined;
  readonly loginHint: string | undefined;
  readonly nonce: string | undefined;
  readonly claims: ClaimsRequest;
  readonly wantsClientInfo: boolean;
}

/** A failure the user sees on an emulator page rather than in the app (e.g. a disabled account). */
class ShownOnPage extends Error {
  override readonly name = 'ShownOnPage';
  constructor(readonly error: EntraError) {
    super(error.message);
  }
}

/** What the endpoint answers: a page, or a redirect back to the app; with cookies to set. */
type Answer =
  | { readonly page: string; readonly cookies?: readonly string[] }
  | { readonly redirect: string; readonly cookies?: readonly string[] };

export async function handleAuthorize(
  emulator: EmulatorContext,
  authority: Authority,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  let params: URLSearchParams;
  let client: App;
  let replyTo: ReplyTo;
  try {
    params = req.method === 'POST' ? await readForm(req) : url.searchParams;
    client = emulator.directory.requireApp(requiredParam(params, 'client_id'));
    replyTo = readReplyTo(client, params);
  } catch (error) {
    if (!(error instanceof EntraError)) throw error;
    sendHtml(res, 400, errorPage(error));
    return;
  }
  if (req.method === 'POST') {
    try {
      emulator.formGuard.checkPost(req, params);
    } catch (error) {
      if (!(error instanceof EntraError)) throw error;
      sendHtml(res, 403, errorPage(error));
      return;
    }
  }

  let answer: Answer;
  try {
    if (replyTo.unsupportedMode !== undefined) {
      throw new EntraError(
        'invalid_request',
        90023,
        `response_mode '${replyTo.unsupportedMode}' is not supported: use fragment or query.`,
      );
    }
    checkAppAtAuthority(emulator.directory, client, authority);
    const request = readAuthorizeRequest(emulator, authority, client, params, replyTo);
    answer = respond(emulator, request, req);
  } catch (error) {
    if (error instanceof ShownOnPage) {
      sendHtml(res, 400, errorPage(error.error));
      return;
    }
    if (!(error instanceof EntraError)) throw error;
    answer = { redirect: replyUrl(replyTo, errorParams(error)) };
  }
  const headers: Record<string, string[]> =
    answer.cookies && answer.cookies.length > 0 ? { 'set-cookie': [...answer.cookies] } : {};
  if ('page' in answer) sendHtml(res, 200, answer.page, headers);
  else redirect(res, answer.redirect, headers);
}

/** Decides what the request gets: a page, a code, or an error for the app. */
function respond(
  emulator: EmulatorContext,
  request: AuthorizeRequest,
  req: IncomingMessage,
): Answer {
  const { directory, state } = emulator;
  const session = state.session(readCookie(req, sessionCookie));
  const step = req.method === 'POST' ? (param(request.params, 'step') ?? 'sign-in') : undefined;

  if (step === 'sign-in') {
    const chosen = requiredParam(request.params, 'user');
    const user = directory.user(chosen);
    const identity = user && identityAt(directory, user, request.authority, request.client);
    if (!identity) {
      throw new ShownOnPage(
        new EntraError(
          'invalid_request',
          50020,
          `User account '${chosen}' does not exist in the tenant of this sign-in and cannot access ` +
            `the application '${request.client.clientId}'(${request.client.displayName}) there.`,
        ),
      );
    }
    // Signing in again replaces this browser's session; like Entra, that does not
    // revoke the refresh tokens the previous session issued (signing out does).
    if (session) state.endSession(session.id);
    const created = state.createSession(identity.user.key);
    const cookie = `${sessionCookie}=${created.id}; Path=/; Secure; HttpOnly; SameSite=None`;
    const answer = proceed(emulator, request, req, created, identity, 'interactive');
    return { ...answer, cookies: [...(answer.cookies ?? []), cookie] };
  }

  const sessionUser = session && directory.user(session.userKey);
  const sessionIdentity =
    sessionUser && identityAt(directory, sessionUser, request.authority, request.client);
  if (step === 'consent' || step === 'step-up') {
    if (!session || !sessionIdentity) {
      throw new EntraError(
        'login_required',
        50058,
        'The session ended before the step was done: sign in again.',
      );
    }
    if (step === 'consent') {
      if (param(request.params, 'decision') !== 'accept') {
        throw new EntraError(
          'access_denied',
          65004,
          'The user declined to consent to access the app.',
        );
      }
      giveConsent(emulator, request, sessionIdentity);
    } else {
      request.claims.contexts.forEach((context) => session.contexts.add(context));
    }
    return proceed(emulator, request, req, session, sessionIdentity, 'interactive');
  }

  const hinted = request.loginHint === undefined ? undefined : userForHint(emulator, request);
  const sessionFits =
    sessionIdentity && (request.loginHint === undefined || hinted?.user === sessionIdentity.user);
  if (request.prompt === 'none') {
    if (!session || !sessionIdentity || !sessionFits) {
      throw new EntraError(
        'login_required',
        50058,
        sessionIdentity
          ? `The signed-in user ${sessionIdentity.user.username} does not match the login_hint.`
          : 'A silent sign-in request was sent but no user is signed in (for this tenant and app).',
      );
    }
    return proceed(emulator, request, req, session, sessionIdentity, 'silent');
  }
  if (
    session &&
    sessionIdentity &&
    sessionFits &&
    ['consent', undefined].includes(request.prompt)
  ) {
    return proceed(emulator, request, req, session, sessionIdentity, 'interactive');
  }
  return signInAnswer(emulator, request, req, hinted);
}

/**
 * After the user is known: the session must be recent enough for the claims' `nbf`, the
 * user enabled, consent given, and the authentication contexts satisfied; then the code.
 */
function proceed(
  emulator: EmulatorContext,
  request: AuthorizeRequest,
  req: IncomingMessage,
  session: Session,
  identity: Identity,
  mode: 'silent' | 'interactive',
): Answer {
  const { state, directory } = emulator;
  const user = identity.user;
  if (state.isDisabled(user.key)) {
    const disabled = new EntraError(
      mode === 'silent' ? 'interaction_required' : 'access_denied',
      50057,
      `The user account ${user.username} is disabled.`,
    );
    throw mode === 'silent' ? disabled : new ShownOnPage(disabled);
  }
  const after = request.claims.authenticatedAfter;
  if (after !== undefined && session.authTime < after) {
    if (mode === 'silent') {
      throw new EntraError(
        'interaction_required',
        50173,
        `The claims ask for a sign-in after ${after} (a CAE claims challenge), and the session signed in at ` +
          `${session.authTime}: a fresh sign-in is needed.`,
      );
    }
    state.endSession(session.id);
    return signInAnswer(emulator, request, req, identity);
  }

  const lacking = request.scopes.resources.flatMap((resource) =>
    missingScopes(state.consentedScopes(user.key, resource.resource.clientId), resource).map(
      (scope) => fullName(resource.resource, scope),
    ),
  );
  // Combined consent: what a known client's `/.default` request adds for the API it calls.
  // Missing alone, it does not show the consent page: Entra prompts for `/.default` only when
  // the user consented to nothing of the requested resource, or with prompt=consent.
  const downstream = combinedConsent(request, directory);
  const downstreamLacking = downstream.flatMap(({ resource, scopes }) => {
    const consented = state.consentedScopes(user.key, resource.clientId);
    return scopes
      .filter((scope) => !consented.includes(scope))
      .map((scope) => fullName(resource, scope));
  });
  // prompt=consent shows the page to a user who may consent; one who may not is refused
  // only when it asks for consent they lack (the downstream permissions).
  const consentAsked = request.prompt === 'consent' && request.params.get('step') !== 'consent';
  if (lacking.length > 0 || (consentAsked && (user.canConsent || downstreamLacking.length > 0))) {
    const what =
      `The user or administrator has not consented to use the application with ID '${request.client.clientId}' ` +
      `for ${[...lacking, ...downstreamLacking].join(', ')}.`;
    if (mode === 'silent') {
      throw new EntraError(
        'consent_required',
        65001,
        `${what} Send an interactive authorization request for this user and resource.`,
      );
    }
    if (!user.canConsent) {
      throw new EntraError(
        'access_denied',
        65004,
        `User declined to consent to access the app. ${what} This user (${user.username}) cannot consent: ` +
          `in this tenant only an administrator can.`,
      );
    }
    const requested = request.scopes.resources.flatMap((resource) =>
      consentable(resource).map((scope) => fullName(resource.resource, scope)),
    );
    const downstreamRequested = downstream.flatMap(({ resource, scopes }) =>
      scopes.map((scope) => fullName(resource, scope)),
    );
    const permissions =
      lacking.length > 0
        ? [...lacking, ...downstreamLacking]
        : [...requested, ...downstreamRequested];
    return pageAnswer(emulator, request, req, (form) =>
      consentPage({
        ...form,
        client: request.client,
        identity,
        permissions: [...new Set(permissions)],
      }),
    );
  }

  const unknown = request.claims.contexts.filter((id) => !directory.authenticationContexts.has(id));
  if (unknown.length > 0) {
    throw new EntraError(
      'invalid_request',
      90100,
      `The claims ask for the authentication context ${unknown.join(', ')}, which is not configured ` +
        `(configured: ${[...directory.authenticationContexts.keys()].join(', ') || 'none'}).`,
    );
  }
  const stepUp = request.claims.contexts.filter((id) => !session.contexts.has(id));
  if (stepUp.length > 0) {
    if (mode === 'silent') {
      throw new EntraError(
        'interaction_required',
        50076,
        `Conditional Access requires the authentication context ${stepUp.join(', ')} for this request ` +
          `(the claims ask for it): the user must verify their identity interactively.`,
      );
    }
    return pageAnswer(emulator, request, req, (form) =>
      stepUpPage({
        ...form,
        identity,
        contexts: stepUp.map((id) => ({
          id,
          displayName: directory.authenticationContexts.get(id) ?? id,
        })),
      }),
    );
  }

  const code = state.issueCode(
    {
      clientId: request.client.clientId,
      redirectUri: request.replyTo.redirectUri,
      codeChallenge: request.codeChallenge,
      scope: request.scope,
      nonce: request.nonce,
      clientCapabilities: request.claims.clientCapabilities,
      segment: request.authority.segment,
      userKey: user.key,
      tenantId: identity.tenant.id,
      sid: session.sid,
      authTime: session.authTime,
      contexts: [...request.claims.contexts],
    },
    emulator.lifetimes.authorizationCode,
  );
  const reply: Record<string, string> = { code };
  if (request.wantsClientInfo) reply.client_info = clientInfoOf(identity);
  return { redirect: replyUrl(request.replyTo, reply) };
}

function signInAnswer(
  emulator: EmulatorContext,
  request: AuthorizeRequest,
  req: IncomingMessage,
  hinted: Identity | undefined,
): Answer {
  const identities = identitiesAt(emulator.directory, request.authority, request.client);
  return pageAnswer(emulator, request, req, (form) =>
    signInPage({
      ...form,
      client: request.client,
      identities,
      hinted: identities.find((identity) => identity.user === hinted?.user),
    }),
  );
}

/** A page with a form, its nonce, and the form cookie when the browser has none yet. */
function pageAnswer(
  emulator: EmulatorContext,
  request: AuthorizeRequest,
  req: IncomingMessage,
  render: (form: { action: string; params: URLSearchParams; nonce: string }) => string,
): Answer {
  const { nonce, setCookie } = emulator.formGuard.nonceFor(req, request.params);
  const action = `/${request.authority.segment}${endpoints.authorize}`;
  return {
    page: render({ action, params: request.params, nonce }),
    cookies: setCookie === undefined ? [] : [setCookie],
  };
}

/**
 * The consent page's Accept: the user consents to every scope the request asks for, and
 * (combined consent) to the delegated permissions of the APIs that know the client.
 */
function giveConsent(
  emulator: EmulatorContext,
  request: AuthorizeRequest,
  identity: Identity,
): void {
  if (!identity.user.canConsent) {
    throw new EntraError('access_denied', 65004, `${identity.user.username} cannot consent.`);
  }
  for (const resource of request.scopes.resources) {
    emulator.state.grantConsent(
      identity.user.key,
      resource.resource.clientId,
      consentable(resource),
    );
  }
  for (const { resource, scopes } of combinedConsent(request, emulator.directory)) {
    emulator.state.grantConsent(identity.user.key, resource.clientId, scopes);
  }
}

/** What consenting to a request's scopes of one resource covers: for `/.default`, all of them. */
function consentable(request: ResourceScopes): readonly string[] {
  return request.isDefault ? request.resource.scopes : request.scopes;
}

/**
 * Combined consent (Entra's `knownClientApplications`): when the client asks for an API's
 * `/.default` and the API lists the client as a known client, the API's own delegated
 * permissions on other resources (e.g. Graph's `User.Read`, for on-behalf-of) join the
 * consent. Consent is per user and resource here, so they are granted to the user for
 * those resources.
 */
function combinedConsent(
  request: AuthorizeRequest,
  directory: Directory,
): { readonly resource: App; readonly scopes: readonly string[] }[] {
  return request.scopes.resources
    .filter(
      ({ resource, isDefault }) =>
        isDefault && resource.knownClientApplications.includes(request.client.clientId),
    )
    .flatMap(({ resource }) =>
      [...resource.delegatedPermissions].flatMap(([resourceAppId, scopes]) => {
        const downstream = directory.app(resourceAppId);
        return downstream ? [{ resource: downstream, scopes }] : [];
      }),
    );
}

function readAuthorizeRequest(
  emulator: EmulatorContext,
  authority: Authority,
  client: App,
  params: URLSearchParams,
  replyTo: ReplyTo,
): AuthorizeRequest {
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
  const scopes = parseScopeRequest(scope, emulator.directory);
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
    authority,
    client,
    params,
    replyTo,
    scope,
    scopes,
    codeChallenge,
    prompt: prompt as Prompt | undefined,
    loginHint: param(params, 'login_hint'),
    nonce: param(params, 'nonce'),
    claims: parseClaims(param(params, 'claims')),
    wantsClientInfo: param(params, 'client_info') === '1',
  };
}

/** Trusts the redirect URI only when it is registered for the client, character for character. */
function readReplyTo(client: App, params: URLSearchParams): ReplyTo {
  const redirectUri = requiredParam(params, 'redirect_uri');
  if (!client.redirectUris.includes(redirectUri)) {
    throw new EntraError(
      'invalid_request',
      50011,
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs ` +
        `configured for the application '${client.clientId}' (${client.redirectUris.join(', ') || 'none'}).`,
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

/** The identity a `login_hint` names: a username or key, or the opaque `login_hint` claim. */
function userForHint(emulator: EmulatorContext, request: AuthorizeRequest): Identity | undefined {
  const { directory } = emulator;
  const hint = request.loginHint ?? '';
  const user =
    directory.user(hint) ??
    directory.users.find((candidate) =>
      [candidate.home, ...candidate.guestIn].some(
        (entry) =>
          loginHintOf({ user: candidate, tenant: entry.tenant, oid: entry.oid, guest: false }) ===
          hint,
      ),
    );
  return user && identityAt(directory, user, request.authority, request.client);
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

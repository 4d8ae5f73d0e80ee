/**
 * How the API reports a failure: an RFC 9457 problem-details body
 * (`application/problem+json`) with a stable, machine-readable `code`, and the structured
 * fields a client branches on. `detail` is prose for people: clients show it, and never
 * parse it.
 */

/** Why a bearer token that was sent is not acceptable (401, `error="invalid_token"`). */
export const TokenRejectionCodes = {
  TokenTooLarge: 'token_too_large',
  MalformedToken: 'malformed_token',
  UnsupportedAlgorithm: 'unsupported_algorithm',
  UnsupportedCriticalHeader: 'unsupported_critical_header',
  MissingKeyId: 'missing_key_id',
  UnknownSigningKey: 'unknown_signing_key',
  InvalidSignature: 'invalid_signature',
  TokenExpired: 'token_expired',
  TokenNotYetValid: 'token_not_yet_valid',
  MissingExpiry: 'missing_expiry',
  WrongAudience: 'wrong_audience',
  /** An ID token (or a token for the client app itself) was sent instead of an access token. */
  IdTokenSent: 'id_token_sent',
  /** A token for Microsoft Graph was sent instead of one for this API. */
  GraphTokenSent: 'graph_token_sent',
  /** A v1.0 token: the API registration needs `requestedAccessTokenVersion: 2`. */
  V1Token: 'v1_token',
  WrongIssuer: 'wrong_issuer',
  /** Signed with a key the authority publishes for another issuer. */
  WrongKeyIssuer: 'wrong_key_issuer',
  WrongTenant: 'wrong_tenant',
  /** Issued in a tenant the API does not accept (AUTH_ALLOWED_TENANTS). */
  TenantNotAllowed: 'tenant_not_allowed',
  PersonalAccountNotAllowed: 'personal_account_not_allowed',
  /** Requested by a client app the API does not accept (`azp`, AUTH_ALLOWED_CLIENT_IDS). */
  ClientAppNotAllowed: 'client_app_not_allowed',
  GuestNotAllowed: 'guest_not_allowed',
  UnsupportedTokenType: 'unsupported_token_type',
  MissingSubject: 'missing_subject',
  NoPermissions: 'no_permissions',
} as const;

export type TokenRejectionCode = (typeof TokenRejectionCodes)[keyof typeof TokenRejectionCodes];

/** Every `code` the API sends. */
export const ProblemCodes = {
  ...TokenRejectionCodes,
  /** 401: no bearer token was sent (a bare `WWW-Authenticate: Bearer` challenge). */
  TokenMissing: 'token_missing',
  /** 403: the token has none of the delegated scopes the route accepts; see `requiredScopes`. */
  InsufficientScope: 'insufficient_scope',
  /** 403: the user has none of the app roles the route accepts; see `requiredRoles`. */
  MissingRole: 'missing_role',
  /** 403: an app-only token on a route that acts for a signed-in user. */
  UserTokenRequired: 'user_token_required',
  /** 403: a user's token on a route for applications only; see `requiredAppPermissions`. */
  AppTokenRequired: 'app_token_required',
  /** 403: an app-only token without the application permissions the route accepts; see `requiredAppPermissions`. */
  MissingAppPermission: 'missing_app_permission',
  /**
   * 401 with a claims challenge (`WWW-Authenticate: Bearer … error="insufficient_claims",
   * claims="<base64>"`): get a new access token with these `claims` (decoded JSON, also in
   * the body), then retry once. A step-up (authentication context) or a revoked session.
   */
  InsufficientClaims: 'insufficient_claims',
  /** 403: a claims challenge was needed, but the token says its client cannot answer one (no `cp1` in `xms_cc`). */
  ClaimsChallengeUnsupported: 'claims_challenge_unsupported',
  /** 403: nobody consented to the API calling Microsoft Graph for this user; see `consentScopes`. */
  ConsentRequired: 'consent_required',
  /** 503: the API cannot reach the identity provider (to check tokens, or for on-behalf-of); retry shortly. */
  AuthorityUnavailable: 'authority_unavailable',
  /** 502: Microsoft Graph could not be reached or answered with an error; retry shortly. */
  GraphUnavailable: 'graph_unavailable',
  /** 503: the API has no credential of its own to call Microsoft Graph with (an operator's fix). */
  GraphNotConfigured: 'graph_not_configured',
  /** 429: too many requests from this client; `Retry-After` says when to try again. */
  RateLimited: 'rate_limited',
  /** 400: the request is not valid; `errors` lists the fields when there are any. */
  InvalidRequest: 'invalid_request',
  /** 404: no such route, or no such task of the caller's. */
  NotFound: 'not_found',
  /** 413: the body is too large. */
  BodyTooLarge: 'body_too_large',
  /** 415: the body is not JSON. */
  UnsupportedMediaType: 'unsupported_media_type',
  /** 500: something failed on the server's side (logged there, never described). */
  InternalError: 'internal_error',
} as const;

export type ProblemCode = (typeof ProblemCodes)[keyof typeof ProblemCodes];

/** Every problem code, in a stable order. */
export const allProblemCodes: readonly ProblemCode[] = Object.freeze(Object.values(ProblemCodes));

/** One invalid field of a request body (`field` is empty for the body as a whole). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** The body of every error answer. */
export interface ProblemDetails {
  /** RFC 9457: `about:blank`, "the status code says it all"; `code` refines it. */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  /** What happened and what to do, for people. Not for parsing. */
  readonly detail: string;
  readonly code: ProblemCode;
  /** `insufficient_scope`: the delegated scopes the route accepts (any one will do), short names. */
  readonly requiredScopes?: readonly string[];
  /** `missing_role`: the app roles the route accepts (any one will do). */
  readonly requiredRoles?: readonly string[];
  /** `app_token_required`, `missing_app_permission`: the application permissions the route accepts. */
  readonly requiredAppPermissions?: readonly string[];
  /** `invalid_request`: what is wrong with each field. */
  readonly errors?: readonly FieldError[];
  /** `insufficient_claims`: the claims to request (JSON), as in the challenge's `claims` (there base64). */
  readonly claims?: string;
  /** `consent_required`: the permissions someone must consent to (full scope URIs). */
  readonly consentScopes?: readonly string[];
}

/** The media type of a problem-details body. */
export const problemDetailsMediaType = 'application/problem+json';

/**
 * Reads a parsed JSON body as problem details, or undefined when it is not one. A client
 * must not trust a body's shape: fields of the wrong type are dropped, and a `code` this
 * contract does not know is kept (a newer API may send more) but matches no constant.
 */
export function readProblemDetails(body: unknown): ProblemDetails | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const value = body as Record<string, unknown>;
  const { type, title, status, detail, code } = value;
  if (typeof status !== 'number' || typeof code !== 'string') return undefined;
  const requiredScopes = strings(value.requiredScopes);
  const requiredRoles = strings(value.requiredRoles);
  const requiredAppPermissions = strings(value.requiredAppPermissions);
  const errors = fieldErrors(value.errors);
  const consentScopes = strings(value.consentScopes);
  const claims = typeof value.claims === 'string' ? value.claims : undefined;
  return {
    type: typeof type === 'string' ? type : 'about:blank',
    title: typeof title === 'string' ? title : '',
    status,
    detail: typeof detail === 'string' ? detail : '',
    code: code as ProblemCode,
    ...(requiredScopes ? { requiredScopes } : {}),
    ...(requiredRoles ? { requiredRoles } : {}),
    ...(requiredAppPermissions ? { requiredAppPermissions } : {}),
    ...(errors ? { errors } : {}),
    ...(claims === undefined ? {} : { claims }),
    ...(consentScopes ? { consentScopes } : {}),
  };
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : undefined;
}

function fieldErrors(value: unknown): FieldError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { field, message } = item as Record<string, unknown>;
    return typeof field === 'string' && typeof message === 'string' ? [{ field, message }] : [];
  });
}

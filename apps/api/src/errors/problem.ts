// Failures as RFC 9457 problem details, with the RFC 6750 WWW-Authenticate challenge for
// authentication and permission failures. Code that wants a particular HTTP answer throws
// a ProblemException made by one of the `problems` factories below.
import type { ProblemCode, ProblemDetails } from '@pixy/api-contract';
import type { TokenRejection } from '../auth/token-rejection.js';

/** What a claims challenge names: where to get a new token, and for which API. */
export interface ClaimsChallengeContext {
  /** AUTH_AUTHORITY: the challenge's authorization_uri is its v2.0 authorize endpoint. */
  readonly authority: string;
  readonly apiClientId: string;
}

/** Every error answer's body: the shape and codes of @pixy/api-contract. */
export type ProblemBody = ProblemDetails;

/** The extension members a problem may carry beyond RFC 9457's. */
type ProblemExtensions = Pick<
  ProblemDetails,
  | 'requiredScopes'
  | 'requiredRoles'
  | 'requiredAppPermissions'
  | 'errors'
  | 'claims'
  | 'consentScopes'
>;

export class ProblemException extends Error {
  override readonly name = 'ProblemException';
  constructor(
    readonly body: ProblemBody,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(body.detail);
  }

  get status(): number {
    return this.body.status;
  }
}

export const statusTitles: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  411: 'Length Required',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function problemBody(
  status: number,
  code: ProblemCode,
  detail: string,
  extensions: ProblemExtensions = {},
): ProblemBody {
  return {
    type: 'about:blank',
    title: statusTitles[status] ?? 'Error',
    status,
    detail,
    code,
    ...extensions,
  };
}

/** A quoted-string for an RFC 6750 auth-param: no quotes, backslashes or non-ASCII. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '?')}"`;
}

function bearerChallenge(params: Record<string, string>): string {
  const pairs = Object.entries(params).map(([name, value]) => `${name}=${quoted(value)}`);
  return pairs.length === 0 ? 'Bearer' : `Bearer ${pairs.join(', ')}`;
}

/**
 * A 403 for a missing permission that the client cannot request by scope: RFC 6750's
 * insufficient_scope, without a `scope` parameter (a role or an application permission is
 * assigned by an administrator, not requested).
 */
function forbidden(
  code: ProblemCode,
  detail: string,
  extensions: ProblemExtensions = {},
): ProblemException {
  return new ProblemException(problemBody(403, code, detail, extensions), {
    'www-authenticate': bearerChallenge({ error: 'insufficient_scope', error_description: detail }),
  });
}

export const problems = {
  /** No token was sent: a bare challenge (RFC 6750 §3.1: no error code). */
  tokenMissing(detail?: string): ProblemException {
    return new ProblemException(
      problemBody(
        401,
        'token_missing',
        detail ??
          'This endpoint needs an access token for this API: send `Authorization: Bearer <access token>`.',
      ),
      { 'www-authenticate': bearerChallenge({}) },
    );
  },

  invalidToken(rejection: TokenRejection): ProblemException {
    return new ProblemException(problemBody(401, rejection.code, rejection.detail), {
      'www-authenticate': bearerChallenge({
        error: 'invalid_token',
        error_description: rejection.detail,
      }),
    });
  },

  /** The token is fine but lacks every one of the scopes the route accepts. */
  insufficientScope(required: readonly string[], scopeUris: readonly string[]): ProblemException {
    const detail =
      `This endpoint needs one of these delegated scopes: ${required.join(', ')}. ` +
      `Request an access token for ${scopeUris.join(' or ')}.`;
    return new ProblemException(
      problemBody(403, 'insufficient_scope', detail, { requiredScopes: required }),
      {
        'www-authenticate': bearerChallenge({
          error: 'insufficient_scope',
          scope: scopeUris.join(' '),
          error_description: detail,
        }),
      },
    );
  },

  /**
   * The user has none of the app roles the route accepts (and, when the route also
   * accepts applications, says which application permission would do for an app).
   */
  missingRole(
    required: readonly string[],
    appPermissions: readonly string[] = [],
  ): ProblemException {
    const forApps =
      appPermissions.length > 0
        ? ` (An application calls it with the application permission ${appPermissions.join(' or ')}.)`
        : '';
    const detail =
      `This endpoint needs the app role ${required.join(' or ')}. An administrator assigns ` +
      `app roles to users in the API's enterprise application; then sign in again.${forApps}`;
    return forbidden('missing_role', detail, { requiredRoles: required });
  },

  /** An app-only token on a route that acts for a signed-in user. */
  userTokenRequired(): ProblemException {
    return forbidden(
      'user_token_required',
      'This endpoint acts for a signed-in user: an app-only token (client credentials) cannot ' +
        'call it. Call it with a token a user signed in for (authorization code flow).',
    );
  },

  /** A user's token on a route for applications only. */
  appTokenRequired(appPermissions: readonly string[]): ProblemException {
    return forbidden(
      'app_token_required',
      `This endpoint is for applications (app-only tokens, client credentials) granted the ` +
        `application permission ${appPermissions.join(' or ')}; a signed-in user's token cannot call it.`,
      { requiredAppPermissions: appPermissions },
    );
  },

  /** An app-only token without any of the application permissions the route accepts. */
  missingAppPermission(required: readonly string[]): ProblemException {
    return forbidden(
      'missing_app_permission',
      `This endpoint needs the application permission ${required.join(' or ')}. An ` +
        `administrator grants it to the calling app (API permissions → Application ` +
        `permissions, then admin consent); then get a new token.`,
      { requiredAppPermissions: required },
    );
  },

  /**
   * A claims challenge (Entra's extension of RFC 6750): 401 with `error="insufficient_claims"`
   * and the `claims` (JSON, base64 in the header) the client must request its next token
   * with — an authentication context (step-up) or a re-authentication (continuous access
   * evaluation). MSAL takes them as the `claims` of a token request.
   */
  claimsChallenge(
    claims: string,
    context: ClaimsChallengeContext,
    detail: string,
    ccType?: 'authcontext',
  ): ProblemException {
    return new ProblemException(problemBody(401, 'insufficient_claims', detail, { claims }), {
      'www-authenticate': bearerChallenge({
        realm: '',
        authorization_uri: `${context.authority}/oauth2/v2.0/authorize`,
        client_id: context.apiClientId,
        error: 'insufficient_claims',
        claims: Buffer.from(claims, 'utf8').toString('base64'),
        ...(ccType === undefined ? {} : { cc_type: ccType }),
      }),
    });
  },

  /**
   * The route needs a stronger sign-in (the step-up authentication context in `acrs`): a
   * claims challenge asking for it when the client can answer one (`xms_cc` has `cp1`),
   * else a 403 that says why it cannot be done from this client.
   */
  stepUpRequired(
    caller: { readonly clientCapabilities: readonly string[] },
    context: ClaimsChallengeContext & { readonly stepUpContext: string },
  ): ProblemException {
    const { stepUpContext } = context;
    if (caller.clientCapabilities.includes('cp1')) {
      const claims = JSON.stringify({
        access_token: { acrs: { essential: true, value: stepUpContext } },
      });
      return problems.claimsChallenge(
        claims,
        context,
        `This action needs a stronger sign-in (authentication context ${stepUpContext}). Get a ` +
          `new access token with the claims of this challenge, then try again.`,
        'authcontext',
      );
    }
    return problems.claimsChallengeUnsupported(
      `This action needs a stronger sign-in (authentication context ${stepUpContext}), which is ` +
        'asked for with a claims challenge',
    );
  },

  /** A claims challenge is needed, but the client app cannot answer one (no `cp1`). */
  claimsChallengeUnsupported(
    why = 'Microsoft Graph needs a new sign-in before it answers for you (continuous access ' +
      'evaluation), which is asked for with a claims challenge',
  ): ProblemException {
    return forbidden(
      'claims_challenge_unsupported',
      `${why}, and the client app does not say it can answer one (the token's xms_cc has no ` +
        'cp1). Use a client app that declares the CP1 capability, or sign in again.',
    );
  },

  /** The API may not call Microsoft Graph for the user: consent to `scope` is missing. */
  graphConsentRequired(scope: string): ProblemException {
    return forbidden(
      'consent_required',
      `This API reads your profile from Microsoft Graph for you, which needs your consent to ` +
        `the permission ${scope}. Sign in again and accept the permissions the app asks for, ` +
        `or ask an administrator to grant consent for your organization.`,
      { consentScopes: [scope] },
    );
  },

  /** Microsoft Graph could not be reached, or answered with an error. */
  graphUnavailable(): ProblemException {
    return new ProblemException(
      problemBody(
        502,
        'graph_unavailable',
        'Microsoft Graph could not answer for you right now. Try again shortly.',
      ),
      { 'retry-after': '5' },
    );
  },

  /** The API has no credential of its own to call Microsoft Graph with. */
  graphNotConfigured(): ProblemException {
    return new ProblemException(
      problemBody(
        503,
        'graph_not_configured',
        'This API is not set up to call Microsoft Graph: its operator sets API_CLIENT_SECRET or ' +
          'API_CLIENT_CERTIFICATE_PATH (docs/downstream-apis.md).',
      ),
    );
  },

  authorityUnavailable(): ProblemException {
    return new ProblemException(
      problemBody(
        503,
        'authority_unavailable',
        'The API cannot reach the identity provider to check the token right now. Try again shortly.',
      ),
      { 'retry-after': '5' },
    );
  },

  badRequest(
    detail: string,
    errors: ReadonlyArray<{ readonly field: string; readonly message: string }> = [],
  ): ProblemException {
    return new ProblemException(
      problemBody(400, 'invalid_request', detail, errors.length > 0 ? { errors } : {}),
    );
  },

  notFound(detail: string): ProblemException {
    return new ProblemException(problemBody(404, 'not_found', detail));
  },
};

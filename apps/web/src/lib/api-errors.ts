/**
 * The errors API calls end in, as the UI needs them: something to branch on (`kind`,
 * the missing permission) and a sentence that says what happened and what to do.
 */
import type { ProblemDetails } from '@pixy/api-contract';
import type { Scope } from '@pixy/auth-contract';

export type ApiErrorKind =
  /** The API could not be reached (not running, wrong API_URL, CORS). */
  | 'network'
  /** The API rejected the token even after a fresh one was fetched. */
  | 'unauthorized'
  /** 404: the thing does not exist, or is not the caller's. */
  | 'not-found'
  /** 400 with field errors: the request was not valid (the message lists them). */
  | 'invalid'
  /** No access token could be had (identity provider unreachable, session gone…). */
  | 'token'
  /** A claims challenge was answered with a new sign-in, and the API still asks for more. */
  | 'claims'
  /** 403 consent_required: the API may not call another API for the user without consent. */
  | 'consent'
  /** Any other error answer. */
  | 'failed';

/** An API call failed for a reason other than a missing permission. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  /** The HTTP status, when the API answered. */
  readonly status: number | undefined;
  /** The API's problem details, when it sent them: `problem.code` says why. */
  readonly problem: ProblemDetails | undefined;

  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    answer: { readonly status?: number; readonly problem?: ProblemDetails | undefined } = {},
  ) {
    super(message);
    this.status = answer.status;
    this.problem = answer.problem;
  }
}

/**
 * The user lacks a permission: a scope they were refused (consent denied, or a 403
 * `insufficient_scope` from the API), or one of the app roles the API requires.
 */
export class PermissionDeniedError extends Error {
  override readonly name = 'PermissionDeniedError';

  constructor(
    readonly missing:
      | { readonly scope: Scope }
      | { readonly roles: readonly string[] }
      | { readonly detail: string },
  ) {
    super(
      'scope' in missing
        ? `You lack permission ${missing.scope}.`
        : 'roles' in missing
          ? `You need the app role ${missing.roles.join(' or ')}.`
          : missing.detail,
    );
  }
}

/**
 * The page is on its way to the identity provider (sign-in or consent). Not a failure:
 * the UI says "Redirecting…" and waits for the navigation.
 */
export class RedirectingError extends Error {
  override readonly name = 'RedirectingError';

  constructor() {
    super('Redirecting to the identity provider…');
  }
}

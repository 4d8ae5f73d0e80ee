/**
 * Errors shaped like Entra ID's: an OAuth `error` code, plus an `AADSTSnnnnn:` number in
 * the description that MSAL and people search for. One class, thrown by every endpoint;
 * each endpoint decides whether it becomes a JSON body, a redirect or an error page.
 */
import { randomUUID } from 'node:crypto';

/** OAuth error codes this emulator answers with (RFC 6749, OpenID Connect, Entra). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_resource'
  | 'access_denied'
  | 'login_required'
  | 'consent_required'
  | 'interaction_required'
  | 'temporarily_unavailable'
  | 'not_found'
  | 'server_error';

export class EntraError extends Error {
  override readonly name = 'EntraError';
  constructor(
    readonly error: OAuthErrorCode,
    /** Entra's AADSTS number for the same failure, e.g. 65001 for missing consent. */
    readonly aadsts: number,
    message: string,
    /** Entra's `suberror`, e.g. `consent_required` on an `invalid_grant`. */
    readonly suberror?: string,
    /**
     * The claims a client must ask for to get past this error (JSON, as Entra's token
     * endpoint returns it with `interaction_required`); MSAL passes them to the next request.
     */
    readonly claims?: string,
  ) {
    super(message);
  }

  /** `AADSTS65001: The user …`, the first line of Entra's `error_description`. */
  get description(): string {
    return `AADSTS${this.aadsts}: ${this.message}`;
  }
}

/** Entra's JSON error body: what the token endpoint and the dev controls answer. */
export interface EntraErrorBody {
  readonly error: OAuthErrorCode;
  readonly error_description: string;
  readonly error_codes: readonly number[];
  readonly timestamp: string;
  readonly trace_id: string;
  readonly correlation_id: string;
  readonly suberror?: string;
  readonly claims?: string;
}

export function entraErrorBody(
  error: EntraError,
  correlationId: string = randomUUID(),
  now: Date = new Date(),
): EntraErrorBody {
  const traceId = randomUUID();
  const timestamp = entraTimestamp(now);
  return {
    error: error.error,
    error_description:
      `${error.description}\r\nTrace ID: ${traceId}\r\n` +
      `Correlation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [error.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    ...(error.suberror === undefined ? {} : { suberror: error.suberror }),
    ...(error.claims === undefined ? {} : { claims: error.claims }),
  };
}

/** Entra's timestamp format: `2026-11-26 14:42:13Z`. */
function entraTimestamp(now: Date): string {
  return now
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

/**
 * The `claims` request parameter (OpenID Connect §5.5), as Entra reads it on the authorize
 * and token endpoints: URL-encoded JSON whose `access_token` member carries the client's
 * capabilities (`xms_cc`, which MSAL fills from `clientCapabilities`), an authentication
 * context to step up to (`acrs`), or a time the user must have signed in after (`nbf`,
 * from a CAE claims challenge).
 */
import { EntraError } from './entra-errors.js';

export interface ClaimsRequest {
  /** `xms_cc` values, lower case (Entra compares them case-insensitively). */
  readonly clientCapabilities: readonly string[];
  /** Authentication contexts requested as essential (`acrs`). */
  readonly contexts: readonly string[];
  /** An essential `nbf`: the user must have authenticated at or after this time (seconds). */
  readonly authenticatedAfter: number | undefined;
}

export const noClaims: ClaimsRequest = {
  clientCapabilities: [],
  contexts: [],
  authenticatedAfter: undefined,
};

/** Parses a `claims` parameter; throws `invalid_request` AADSTS90100 for one that is not JSON claims. */
export function parseClaims(value: string | undefined): ClaimsRequest {
  if (value === undefined) return noClaims;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw invalidClaims('it is not JSON');
  }
  if (!isRecord(json)) throw invalidClaims('it must be a JSON object');
  const accessToken = json.access_token;
  if (accessToken === undefined || accessToken === null) return noClaims;
  if (!isRecord(accessToken)) throw invalidClaims('"access_token" must be an object');
  return {
    clientCapabilities: values(accessToken.xms_cc, 'xms_cc').map((v) => v.toLowerCase()),
    contexts: essential(accessToken.acrs) ? values(accessToken.acrs, 'acrs') : [],
    authenticatedAfter: essential(accessToken.nbf) ? time(accessToken.nbf) : undefined,
  };
}

/** The `claims` a challenge asks for, as the JSON a client passes back (CAE, step-up). */
export function challengeClaims(request: {
  readonly contexts?: readonly string[];
  readonly authenticatedAfter?: number;
}): string {
  const accessToken: Record<string, unknown> = {};
  if (request.contexts && request.contexts.length > 0) {
    accessToken.acrs =
      request.contexts.length === 1
        ? { essential: true, value: request.contexts[0] }
        : { essential: true, values: request.contexts };
  }
  if (request.authenticatedAfter !== undefined) {
    accessToken.nbf = { essential: true, value: String(request.authenticatedAfter) };
  }
  return JSON.stringify({ access_token: accessToken });
}

function essential(member: unknown): boolean {
  return isRecord(member) && member.essential === true;
}

function values(member: unknown, name: string): string[] {
  if (member === undefined || member === null) return [];
  if (!isRecord(member)) throw invalidClaims(`"${name}" must be an object`);
  const list = member.values ?? (member.value === undefined ? [] : [member.value]);
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
    throw invalidClaims(`"${name}" must have a string "value" or an array of strings "values"`);
  }
  return list;
}

function time(member: unknown): number {
  const value = isRecord(member) ? member.value : undefined;
  const seconds = typeof value === 'string' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
    throw invalidClaims('"nbf" must have a "value" of seconds since the epoch');
  }
  return seconds;
}

function invalidClaims(why: string): EntraError {
  return new EntraError(
    'invalid_request',
    90100,
    `The claims parameter is not valid: ${why}. Send URL-encoded JSON such as ` +
      `{"access_token":{"xms_cc":{"values":["cp1"]}}}.`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Why a bearer token was not accepted, as a typed error with a stable `code` a client can
// branch on and a `detail` that says what to fix without revealing anything the caller
// does not already hold (the caller has the token; we only describe its own claims).
import type { TokenRejectionCode } from '@pixy/api-contract';
import { MicrosoftGraph, Scopes, scopeUri } from '@pixy/auth-contract';

export type { TokenRejectionCode };

/** A token that was sent but is not acceptable: 401 with `error="invalid_token"`. */
export class TokenRejection extends Error {
  override readonly name = 'TokenRejection';
  constructor(
    readonly code: TokenRejectionCode,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** What the audience messages need to know about this API's registrations. */
export interface AudienceContext {
  readonly apiClientId: string;
  /** Client IDs of the apps that sign users in (the SPA, the OpenAPI UI): an ID token's audience. */
  readonly signInClientIds: readonly string[];
}

/** Explains a token whose signature is good but whose `aud` is not this API. */
export function audienceRejection(aud: unknown, context: AudienceContext): TokenRejection {
  const audiences = readAudiences(aud);
  const ask =
    `request an access token for this API's scopes, such as ` +
    `${scopeUri(context.apiClientId, Scopes.TasksRead)}`;
  if (
    audiences.some(
      (value) => value === MicrosoftGraph.appId || value.startsWith(MicrosoftGraph.resource),
    )
  ) {
    return new TokenRejection(
      'graph_token_sent',
      `The token's audience is Microsoft Graph (${MicrosoftGraph.appId}): it was issued for Graph, ` +
        `not for this API. To call this API, ${ask}.`,
    );
  }
  const clientApp = audiences.find((value) =>
    context.signInClientIds.includes(value.toLowerCase()),
  );
  if (clientApp !== undefined) {
    return new TokenRejection(
      'id_token_sent',
      `The token's audience is the client app ${clientApp}: this is an ID token (or a token for ` +
        `the client itself), not an access token for this API. Send the access token instead: ${ask}.`,
    );
  }
  const shown =
    audiences.length > 0 ? audiences.map((value) => `"${clip(value)}"`).join(', ') : 'missing';
  return new TokenRejection(
    'wrong_audience',
    `The token's audience (${shown}) is not this API, which accepts ${context.apiClientId} and ` +
      `api://${context.apiClientId} (one audience). To call this API, ${ask}.`,
  );
}

function readAudiences(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((value): value is string => typeof value === 'string');
  return [];
}

/** Echoes token content in messages only in short, printable form. */
export function clip(value: string, max = 80): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}

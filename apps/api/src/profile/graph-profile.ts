// The signed-in user's Microsoft Graph profile (GET <GRAPH_URL>/me), fetched with a token
// for Graph got on the user's behalf, and every way that can fail turned into an answer
// the client can act on:
//   no consent for Graph              403 consent_required (names the permission, says how)
//   a claims challenge (CAE, MFA)     401 insufficient_claims relayed to a CP1 client, else 403
//   the authority or Graph unreachable, or refusing the API's credential   503 / 502
import type { Agent } from 'node:https';
import { Logger } from '@nestjs/common';
import {
  AuthError,
  ClientAuthError,
  InteractionRequiredAuthError,
  ServerError,
} from '@azure/msal-node';
import type { GraphProfile } from '@pixy/api-contract';
import type { Principal } from '../auth/principal.js';
import { requestHttps } from '@pixy/authority-https';
import type { ProblemException } from '../errors/problem.js';
import { problems, type ClaimsChallengeContext } from '../errors/problem.js';
import { graphUserReadScope, type GraphTokenSource } from './graph-tokens.js';

export type { GraphProfile };

export class GraphProfiles {
  private readonly logger = new Logger('GraphProfiles');

  constructor(
    private readonly tokens: GraphTokenSource | undefined,
    private readonly graphUrl: string,
    private readonly agent: Agent | undefined,
    private readonly challengeContext: ClaimsChallengeContext,
  ) {}

  /** `assertion`: the caller's verified access token for this API. */
  async profileOf(principal: Principal, assertion: string): Promise<GraphProfile> {
    if (this.tokens === undefined) throw problems.graphNotConfigured();
    let graphToken: string;
    try {
      graphToken = await this.tokens.tokenFor(assertion, principal.tid);
    } catch (error) {
      throw this.onBehalfOfProblem(error, principal);
    }
    const url = `${this.graphUrl}/me?$select=displayName,mail,jobTitle,officeLocation`;
    let response;
    try {
      response = await requestHttps(
        url,
        { method: 'GET', headers: { authorization: `Bearer ${graphToken}` } },
        { agent: this.agent, timeoutMs: 10_000, maxBytes: 64 * 1024 },
      );
    } catch (error) {
      this.logger.warn(`Microsoft Graph cannot be reached: ${(error as Error).message}`);
      throw problems.graphUnavailable();
    }
    if (response.status === 200) return pickProfile(response.text);
    this.tokens.forget(assertion); // Graph refused it, or something went wrong: not again
    const claims = challengedClaims(response.headers['www-authenticate']);
    if (response.status === 401 && claims !== undefined) {
      // Continuous access evaluation: the user's access changed (revoked, disabled) since
      // the token was issued. The client gets a new token with these claims, then retries.
      throw this.claimsProblem(claims, principal);
    }
    if (response.status === 403) throw problems.graphConsentRequired(graphUserReadScope);
    this.logger.warn(`Microsoft Graph answered HTTP ${response.status} to GET /me`);
    throw problems.graphUnavailable();
  }

  private onBehalfOfProblem(error: unknown, principal: Principal): unknown {
    if (error instanceof InteractionRequiredAuthError) {
      if (error.claims) return this.claimsProblem(error.claims, principal);
      // AADSTS65001: the user (or an admin) never consented to the API calling Graph.
      return problems.graphConsentRequired(graphUserReadScope);
    }
    if (error instanceof ServerError) {
      // The authority refused the API's own request: a credential or registration problem.
      this.logger.warn(
        `The authority refused the on-behalf-of request (${error.errorCode}): ${firstLine(error.errorMessage)} ` +
          '— check API_CLIENT_SECRET / API_CLIENT_CERTIFICATE_PATH and the API registration (docs/downstream-apis.md).',
      );
      return problems.authorityUnavailable();
    }
    if (error instanceof ClientAuthError || error instanceof AuthError) {
      this.logger.warn(`On-behalf-of failed: ${error.errorCode} ${firstLine(error.errorMessage)}`);
      return problems.authorityUnavailable();
    }
    return error;
  }

  private claimsProblem(claims: string, principal: Principal): ProblemException {
    if (!principal.clientCapabilities.includes('cp1')) return problems.claimsChallengeUnsupported();
    return problems.claimsChallenge(
      claims,
      this.challengeContext,
      'Microsoft Graph needs a new sign-in before it answers for you (continuous access ' +
        'evaluation). Get a new access token for this API with the claims of this challenge, ' +
        'then try again.',
    );
  }
}

function pickProfile(text: string): GraphProfile {
  const body = JSON.parse(text) as Record<string, unknown>;
  const field = (name: string) => (typeof body[name] === 'string' ? body[name] : null);
  return {
    displayName: field('displayName'),
    mail: field('mail'),
    jobTitle: field('jobTitle'),
    officeLocation: field('officeLocation'),
  };
}

/** The `claims` (decoded JSON) of an `error="insufficient_claims"` challenge, if it is one. */
export function challengedClaims(header: string | undefined): string | undefined {
  if (header === undefined || !/error="insufficient_claims"/.test(header)) return undefined;
  const encoded = /claims="([^"]*)"/.exec(header)?.[1];
  if (encoded === undefined || encoded === '') return undefined;
  try {
    const claims = Buffer.from(encoded, 'base64').toString('utf8');
    JSON.parse(claims);
    return claims;
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0] ?? '';
}

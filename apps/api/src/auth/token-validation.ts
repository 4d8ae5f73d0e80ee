// The validator one API instance uses: discovery, signing keys and the verified-token cache,
// wired together, plus the two hooks passport-jwt calls (key lookup and claim checks) and
// the translation of every failure into a TokenRejection a client can act on.
import type { Agent } from 'node:https';
import { Scopes, applicationIdUri, scopeUri } from '@pixy/auth-contract';
import type { StackConfig } from '@pixy/config';
import { principalFromClaims, looksLikeV1Token, v1TokenDetail } from './access-token-claims.js';
import { readBearerToken } from './bearer-token.js';
import { AuthorityUnavailableError } from './https-json.js';
import { OpenIdDiscovery } from './openid-discovery.js';
import type { Principal } from './principal.js';
import { SigningKeys } from './signing-keys.js';
import { checkTokenHeader, peekPayload } from './token-header.js';
import { TokenRejection, audienceRejection, type AudienceContext } from './token-rejection.js';
import type { ValidationTuning } from './token-validation-options.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

type KeyCallback = (error: unknown, key?: string | Buffer) => void;

export class TokenValidation {
  readonly discovery: OpenIdDiscovery;
  readonly signingKeys: SigningKeys;
  readonly verifiedTokens: VerifiedTokenCache<Principal>;
  /** Accepted `aud` values: the API's client ID and its application ID URI. */
  readonly audiences: [string, string];
  private readonly audienceContext: AudienceContext;

  constructor(
    private readonly stack: StackConfig,
    tuning: ValidationTuning,
    agent?: Agent,
  ) {
    this.discovery = new OpenIdDiscovery(stack.authority, tuning.discovery, agent);
    this.signingKeys = new SigningKeys(this.discovery, tuning.signingKeys, agent);
    this.verifiedTokens = new VerifiedTokenCache(tuning.verifiedTokenCacheSize);
    this.signingKeys.onKeySetChange(() => this.verifiedTokens.clear());
    this.audiences = [stack.apiClientId, applicationIdUri(stack.apiClientId)];
    this.audienceContext = {
      apiClientId: stack.apiClientId,
      clientAppIds: [stack.spaClientId, stack.openApiClientId],
      exampleScopeUri: scopeUri(stack.apiClientId, Scopes.TasksRead),
    };
  }

  bearerTokenOf(request: { headers?: { authorization?: unknown } }): string | null {
    const bearer = readBearerToken(request.headers?.authorization);
    return bearer.kind === 'token' ? bearer.token : null;
  }

  /** passport-jwt's key lookup: header checks first, then the key named by `kid`. */
  readonly secretOrKeyProvider = (
    _request: unknown,
    rawToken: unknown,
    done: KeyCallback,
  ): void => {
    let kid: string;
    try {
      ({ kid } = checkTokenHeader(String(rawToken)));
    } catch (error) {
      done(error);
      return;
    }
    this.signingKeys.publicKeyFor(kid).then(
      // jsonwebtoken takes a KeyObject as it is (passport-jwt's types only say string | Buffer).
      (key) => done(null, key as unknown as string),
      (error: unknown) => done(error),
    );
  };

  /** passport-jwt's verify step, after signature, aud, exp and nbf passed. */
  async principalFrom(payload: Record<string, unknown>): Promise<Principal> {
    const { issuer } = await this.discovery.get();
    return principalFromClaims(payload, { issuer, tenantId: this.stack.authorityTenantId });
  }

  /**
   * Turns whatever stopped a token (our checks, jsonwebtoken's errors, an unreachable
   * authority) into a TokenRejection, or returns the AuthorityUnavailableError as is.
   */
  explain(failure: unknown, token: string): TokenRejection | AuthorityUnavailableError {
    if (failure instanceof TokenRejection || failure instanceof AuthorityUnavailableError) {
      return failure;
    }
    const error = failure instanceof Error ? failure : new Error(String(failure));
    // jsonwebtoken checks the signature before the claims, so for the claim errors below
    // the payload we peek at is signed by the authority.
    const payload = peekPayload(token);
    switch (error.name) {
      case 'TokenExpiredError':
        return new TokenRejection(
          'token_expired',
          'The token has expired (exp). Get a new access token; MSAL renews tokens before they expire.',
        );
      case 'NotBeforeError':
        return new TokenRejection(
          'token_not_yet_valid',
          'The token is not valid yet (nbf is in the future, beyond the allowed clock skew).',
        );
    }
    if (error.message.startsWith('jwt audience invalid')) {
      if (looksLikeV1Token(payload)) return new TokenRejection('v1_token', v1TokenDetail);
      return audienceRejection(payload, this.audienceContext);
    }
    if (error.message === 'invalid signature') {
      return new TokenRejection(
        'invalid_signature',
        "The token's signature does not match the authority's key it names (kid).",
      );
    }
    return new TokenRejection(
      'malformed_token',
      'The bearer token could not be verified as a JWT.',
    );
  }
}

// Tokens for Microsoft Graph on the signed-in user's behalf: the on-behalf-of grant
// (msal-node's ConfidentialClientApplication.acquireTokenOnBehalfOf) with the API's own
// credential, at the caller's own tenant. A Graph token is reused for the same caller
// token until 5 minutes before it expires, from a bounded cache (10,000 entries, least
// recently used out first; msal-node's own cache is emptied after each call so that
// memory stays flat). Tokens are never logged. The only place a user's token goes is the
// authority's token endpoint.
import type { Agent } from 'node:https';
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import type { ApiConfig } from '../config/api-config.js';
import { VerifiedTokenCache } from '../auth/verified-token-cache.js';
import { MicrosoftGraph } from '@pixy/auth-contract';
import { AgentNetworkClient, msalCredential, type ClientCredential } from '@pixy/authority-https';

/** What Graph asks for: the delegated permission to read the signed-in user's profile. */
export const graphUserReadScope = `${MicrosoftGraph.resource}/${MicrosoftGraph.UserRead.value}`;

/** Graph tokens are renewed this long before they expire. */
const renewBeforeExpiryMs = 5 * 60_000;

export interface GraphTokenSource {
  /** A Graph token for the user of `assertion` (a verified access token for this API). */
  tokenFor(assertion: string, tenantId: string): Promise<string>;
  /** Forgets the token got for `assertion`: Graph refused it. */
  forget(assertion: string): void;
}

export class OnBehalfOfGraphTokens implements GraphTokenSource {
  private readonly client: ConfidentialClientApplication;
  private readonly cache: VerifiedTokenCache<string>;
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly authorityBase: string;

  constructor(
    config: ApiConfig,
    credential: ClientCredential,
    agent: Agent | undefined,
    private readonly clock: () => number = Date.now,
    cacheSize = 10_000,
  ) {
    const { stack } = config;
    this.authorityBase = stack.authority.slice(0, stack.authority.lastIndexOf('/'));
    const auth: Configuration['auth'] = {
      clientId: stack.apiClientId,
      authority: stack.authority,
      // A non-Microsoft host (the local emulator) must be named to be trusted as an authority.
      knownAuthorities: stack.isMicrosoftAuthority ? [] : [stack.authorityHost],
      // The API can answer Graph's claims challenges (continuous access evaluation).
      clientCapabilities: ['CP1'],
      ...msalCredential(credential),
    };
    this.client = new ConfidentialClientApplication({
      auth,
      system: { networkClient: new AgentNetworkClient(agent) },
    });
    this.cache = new VerifiedTokenCache<string>(cacheSize, clock);
  }

  async tokenFor(assertion: string, tenantId: string): Promise<string> {
    const cached = this.cache.get(assertion);
    if (cached !== undefined) return cached;
    // Concurrent requests with the same caller token share one on-behalf-of call.
    let pending = this.inflight.get(assertion);
    if (pending === undefined) {
      pending = this.acquire(assertion, tenantId).finally(() => this.inflight.delete(assertion));
      this.inflight.set(assertion, pending);
    }
    return pending;
  }

  forget(assertion: string): void {
    this.cache.delete(assertion);
  }

  private async acquire(assertion: string, tenantId: string): Promise<string> {
    try {
      const result = await this.client.acquireTokenOnBehalfOf({
        oboAssertion: assertion,
        scopes: [graphUserReadScope],
        // The caller's own tenant: a guest's or a partner's token is exchanged there.
        authority: `${this.authorityBase}/${tenantId}`,
        skipCache: true,
      });
      if (result === null) throw new Error('acquireTokenOnBehalfOf returned no token');
      const expiresAtMs = (result.expiresOn?.getTime() ?? this.clock()) - renewBeforeExpiryMs;
      this.cache.set(assertion, result.accessToken, expiresAtMs);
      return result.accessToken;
    } finally {
      // Only the bounded cache above keeps tokens; msal-node's would grow with every user.
      this.client.clearCache();
    }
  }
}

/**
 * What the browser sent over the network, recorded per page: the requests to the
 * emulator (authorize, token, logout) and the bearer tokens the SPA sent to the API. Tests
 * assert on these instead of peeking into MSAL's cache.
 */
import type { Page, Request } from '@playwright/test';
import { stackUrls } from '../stack/stack.js';

export interface TokenRequest {
  readonly grantType: string | null;
  readonly body: URLSearchParams;
  readonly request: Request;
}

export class Traffic {
  /** Every request to the emulator, in order. */
  readonly idp: Request[] = [];
  /** Every request to the API, in order. */
  readonly api: Request[] = [];

  constructor(page: Page) {
    page.context().on('request', (request) => {
      if (request.url().startsWith(stackUrls.idp)) this.idp.push(request);
      if (request.url().startsWith(stackUrls.api)) this.api.push(request);
    });
  }

  /** GET /authorize requests: one per interactive or silent (iframe) sign-in attempt. */
  authorizeRequests(): URL[] {
    return this.idp
      .filter((r) => r.method() === 'GET' && r.url().includes('/oauth2/v2.0/authorize'))
      .map((r) => new URL(r.url()));
  }

  /** Authorize requests that showed the user a page (not `prompt=none` iframes). */
  interactiveAuthorizeRequests(): URL[] {
    return this.authorizeRequests().filter((url) => url.searchParams.get('prompt') !== 'none');
  }

  tokenRequests(): TokenRequest[] {
    return this.idp
      .filter((r) => r.method() === 'POST' && r.url().includes('/oauth2/v2.0/token'))
      .map((request) => {
        const body = new URLSearchParams(request.postData() ?? '');
        return { grantType: body.get('grant_type'), body, request };
      });
  }

  /** The access tokens the SPA sent to the API (optionally with one method), in order, without repeats. */
  bearerTokens(method?: string): string[] {
    const tokens = this.api
      .filter((r) => method === undefined || r.method() === method)
      .map((r) => /^Bearer (.+)$/.exec(r.headers()['authorization'] ?? '')?.[1])
      .filter((token): token is string => token !== undefined);
    return [...new Set(tokens)];
  }

  /** The last access token the SPA sent, e.g. `lastBearerToken('POST')` for a write token. */
  lastBearerToken(method?: string): string {
    const token = this.bearerTokens(method).at(-1);
    if (!token)
      throw new Error(
        `The SPA has not sent the API a ${method ?? ''} request with a bearer token yet.`,
      );
    return token;
  }
}

// msal-node's HTTP, through the API's own https agent: so on-behalf-of requests trust what
// the API's key fetches trust (the local emulator's dev CA for a localhost authority), with
// the same timeouts and size caps. msal-node's default client would use the global one.
import type { Agent } from 'node:https';
import {
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { requestHttps } from '../auth/https-json.js';

export class AgentNetworkClient implements INetworkModule {
  constructor(
    private readonly agent: Agent | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  sendGetRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'GET', options);
  }

  sendPostRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'POST', options);
  }

  private async send<T>(
    url: string,
    method: 'GET' | 'POST',
    options: NetworkRequestOptions | undefined,
  ): Promise<NetworkResponse<T>> {
    const response = await requestHttps(
      url,
      {
        method,
        headers: options?.headers ?? {},
        ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
      },
      { agent: this.agent, timeoutMs: this.timeoutMs, maxBytes: 256 * 1024 },
    );
    // msal-node reads error bodies too (invalid_grant, interaction_required, …): always JSON.
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      body = {};
    }
    return {
      headers: response.headers,
      body: body as T,
      status: response.status,
    };
  }
}

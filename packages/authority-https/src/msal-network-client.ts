// msal-node's HTTP through an https agent of ours (authorityAgent()): so msal-node trusts what
// the app's other requests to the authority trust (the local emulator's dev CA for a
// localhost authority), with their timeouts, size caps and helpful errors. msal-node's
// default client uses the global fetch, which trusts only what the process started with.
import type { Agent } from 'node:https';
import {
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { requestHttps } from './https-request.js';

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

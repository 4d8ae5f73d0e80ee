// Starts the real API (Nest + Fastify, real validation) against a fake tenant on a free port.
import { localDefaults } from '@pixy/config';
import { startApi, type CreateAppOptions, type RunningApi } from '../app.js';
import type { ValidationTuning } from '../auth/token-validation-options.js';
import { defaultValidationTuning } from '../auth/token-validation-options.js';
import { readApiConfig, type ApiConfig } from '../config/api-config.js';
import type { TasksStore } from '../tasks/tasks-store.js';
import type { FakeTenant } from './fake-tenant.js';

export interface TestApi extends RunningApi {
  readonly config: ApiConfig;
  /** fetch() against the API with an optional bearer token. */
  call(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
}

export async function startTestApi(
  tenant: FakeTenant,
  tasksStore: TasksStore,
  tuning: Partial<ValidationTuning> = {},
  logs: CreateAppOptions['logs'] = false,
): Promise<TestApi> {
  const config = readApiConfig({
    AUTH_TENANT_ID: tenant.tenantId,
    AUTH_AUTHORITY: tenant.authority,
    DATABASE_URL: 'memory://',
  });
  const api = await startApi(config, {
    port: 0,
    host: '127.0.0.1',
    tasksStore,
    authorityAgent: tenant.agent,
    logs,
    tuning: { ...defaultValidationTuning, ...tuning },
  });
  return {
    ...api,
    config,
    close: () => api.close(),
    call(path, init = {}) {
      const { token, headers, ...rest } = init;
      const merged = new Headers(headers);
      if (token !== undefined) merged.set('authorization', `Bearer ${token}`);
      return fetch(`${api.url}${path}`, { ...rest, headers: merged });
    },
  };
}

export const testClientIds = {
  apiClientId: localDefaults.API_CLIENT_ID,
  spaClientId: localDefaults.SPA_CLIENT_ID,
  openApiClientId: localDefaults.OPENAPI_CLIENT_ID,
} as const;

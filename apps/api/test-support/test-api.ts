// Starts the real API (Nest + Fastify, real validation) against the fake authority on a
// free port. `env` adds or replaces configuration variables (a multi-tenant AUTH_AUTHORITY,
// AUTH_ALLOWED_TENANTS, …); `auth` changes auth options (timings, the clock).
import { localDefaults } from '@pixy/config';
import { startApi, type CreateAppOptions, type RunningApi } from '../src/app.js';
import type { AuthOptions } from '../src/auth/auth-options.js';
import { readApiConfig, type ApiConfig } from '../src/config/api-config.js';
import { openTasksStore, type TasksStore } from '../src/tasks/tasks-store.js';
import { startFakeAuthority, type FakeAuthority } from './fake-authority.js';
import { TokenBuilder } from './token-builder.js';

export interface TestApi extends RunningApi {
  readonly config: ApiConfig;
  /** fetch() against the API with an optional bearer token. */
  call(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
}

export interface TestApiOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly auth?: Partial<AuthOptions>;
  readonly logs?: CreateAppOptions['logs'];
}

export async function startTestApi(
  authority: FakeAuthority,
  tasksStore: TasksStore,
  options: TestApiOptions = {},
): Promise<TestApi> {
  const config = readApiConfig({
    AUTH_TENANT_ID: authority.tenantId,
    AUTH_AUTHORITY: authority.authority,
    DATABASE_URL: 'memory://',
    ...options.env,
  });
  const api = await startApi(config, {
    port: 0,
    host: '127.0.0.1',
    tasksStore,
    authorityAgent: authority.agent,
    logs: options.logs ?? false,
    auth: options.auth ?? {},
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

/** A clock the test moves on (real time plus an offset), for the key-management timings. */
export class TestClock {
  private offsetMs = 0;
  readonly now = (): number => Date.now() + this.offsetMs;
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export const testClientIds = {
  apiClientId: localDefaults.API_CLIENT_ID,
  spaClientId: localDefaults.SPA_CLIENT_ID,
  openApiClientId: localDefaults.OPENAPI_CLIENT_ID,
  daemonClientId: localDefaults.DAEMON_CLIENT_ID,
} as const;

/** The API against a fake authority, with its store and a token builder: one per test file. */
export interface TestStack {
  readonly authority: FakeAuthority;
  readonly store: TasksStore;
  readonly api: TestApi;
  readonly tokens: TokenBuilder;
  close(): Promise<void>;
}

/**
 * Starts a fake authority, an in-memory store and the API. `prepare` runs before the API
 * starts (to publish keys the API must find in its first key set, say).
 */
export async function startTestStack(
  options: TestApiOptions & { prepare?: (authority: FakeAuthority) => Promise<void> | void } = {},
): Promise<TestStack> {
  const [authority, store] = await Promise.all([startFakeAuthority(), openTasksStore('memory://')]);
  await options.prepare?.(authority);
  const api = await startTestApi(authority, store, options);
  return {
    authority,
    store,
    api,
    tokens: new TokenBuilder(authority, testClientIds),
    async close() {
      await api.close();
      await store.close();
      await authority.close();
    },
  };
}

// The API's configuration, read and validated once at start-up through @pixy/config: the
// shared stack settings (authority, app registrations, URLs) plus the API's own variables.
import { readClientCertificate, type ClientCredential } from '@pixy/authority-https';
import {
  ConfigReader,
  isGuid,
  loadDotEnv,
  localDefaults,
  personalAccountsTenantId,
  readStackConfig,
  resolveFromRoot,
  type StackConfig,
} from '@pixy/config';

export interface ApiConfig {
  readonly stack: StackConfig;
  /** PORT: where the API listens (default 3000). */
  readonly port: number;
  /** DATABASE_URL, resolved: an absolute PGlite directory, `memory://`, or a postgres:// URL. */
  readonly databaseUrl: string;
  /** CORS_ORIGINS: the origins browsers may call the API from (default: SPA_URL). */
  readonly corsOrigins: readonly string[];
  /** Who may call: tenants, client apps, guests. */
  readonly callers: CallerPolicy;
  /**
   * AUTH_STEP_UP_CONTEXT: the Conditional Access authentication context (`acrs`) a
   * sensitive action needs (default `c1`).
   */
  readonly stepUpContext: string;
  /** API_DOCS: serve the OpenAPI UI and document (default: on, except with NODE_ENV=production). */
  readonly docs: boolean;
  /** RATE_LIMIT_PER_MINUTE: requests per client IP per minute (default 1000; 0 turns it off). */
  readonly rateLimitPerMinute: number;
  /**
   * TRUST_PROXY: whether the client IP comes from X-Forwarded-For (behind a load balancer
   * or ingress): `false` (default), `true`, a number of proxy hops, or proxy addresses.
   */
  readonly trustProxy: boolean | number | string[];
  /** Calling Microsoft Graph for the signed-in user (on-behalf-of). */
  readonly graph: GraphSettings;
}

export interface GraphSettings {
  /** GRAPH_URL: Graph's base URL (the emulator's Graph with a local authority). */
  readonly url: string;
  /**
   * The API's own credential for the on-behalf-of grant: API_CLIENT_CERTIFICATE_PATH (a PEM
   * file with the private key and its certificate) or API_CLIENT_SECRET. Undefined when
   * neither is set against Entra ID: then GET /api/me/profile says how to configure one.
   */
  readonly credential: ClientCredential | undefined;
}

/** Which tokens the API accepts beyond a valid signature and audience. */
export interface CallerPolicy {
  /**
   * AUTH_ALLOWED_TENANTS: the tenants (`tid`, lower case) whose tokens are accepted, or `*`
   * for any tenant. Single-tenant: the authority's tenant, always.
   */
  readonly allowedTenants: '*' | readonly string[];
  /**
   * AUTH_ALLOWED_CLIENT_IDS: the client apps (`azp`, lower case) whose tokens are
   * accepted. Default: SPA_CLIENT_ID, OPENAPI_CLIENT_ID and DAEMON_CLIENT_ID.
   */
  readonly allowedClientIds: readonly string[];
  /** AUTH_ALLOW_GUESTS (default true): whether guest (B2B) users' tokens are accepted. */
  readonly allowGuests: boolean;
}

export const defaultDatabasePath = '.data/pglite';

/**
 * Reads the API's configuration from `env`, throwing a ConfigError that lists every
 * problem at once. `root` is the repository root relative paths are resolved from.
 */
export function readApiConfig(env: NodeJS.ProcessEnv = process.env, root?: string): ApiConfig {
  const reader = new ConfigReader(env);
  const stack = readStackConfig(reader);
  const port = reader.port('PORT', 3000);
  const databaseUrl = readDatabaseUrl(reader, root);
  const corsOrigins = readCorsOrigins(reader, stack.spaUrl);
  const callers: CallerPolicy = {
    allowedTenants: readAllowedTenants(reader, stack),
    allowedClientIds: readAllowedClientIds(reader, stack),
    allowGuests: reader.boolean('AUTH_ALLOW_GUESTS', true),
  };
  const stepUpContext = readAuthContext(reader);
  const docs = reader.boolean('API_DOCS', env.NODE_ENV !== 'production');
  const rateLimitPerMinute = readCount(reader, 'RATE_LIMIT_PER_MINUTE', 1000);
  const trustProxy = readTrustProxy(reader);
  const graph = readGraphSettings(reader, stack, root);
  reader.finish();
  return {
    stack,
    port,
    databaseUrl,
    corsOrigins,
    callers,
    stepUpContext,
    docs,
    rateLimitPerMinute,
    trustProxy,
    graph,
  };
}

/** Loads the root .env (optional; the environment wins), then reads the configuration. */
export function loadApiConfig(): ApiConfig {
  loadDotEnv();
  return readApiConfig(process.env);
}

function readDatabaseUrl(reader: ConfigReader, root: string | undefined): string {
  const value = reader.string('DATABASE_URL', defaultDatabasePath);
  if (value === 'memory://') return value;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      // reported below
    }
    if (url && (url.protocol === 'postgres:' || url.protocol === 'postgresql:')) return value;
    reader.problem(
      `DATABASE_URL must be a postgres:// URL, memory://, or a directory for the embedded ` +
        `database such as ${defaultDatabasePath} (got a URL with another scheme).`,
    );
    return value;
  }
  return root === undefined ? resolveFromRoot(value) : resolveFromRoot(value, root);
}

function readCorsOrigins(reader: ConfigReader, spaUrl: string): string[] {
  const origins = reader.list('CORS_ORIGINS', [spaUrl]);
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      // reported below
    }
    if (
      !url ||
      (url.protocol !== 'https:' && url.protocol !== 'http:') ||
      url.origin !== origin.replace(/\/$/, '')
    ) {
      reader.problem(
        `CORS_ORIGINS must be a comma-separated list of origins such as ` +
          `https://localhost:5173 (scheme, host and port; no path) — "${origin}" is not one.`,
      );
    }
  }
  return origins.map((origin) => origin.replace(/\/$/, ''));
}

function readAllowedTenants(reader: ConfigReader, stack: StackConfig): '*' | string[] {
  const tenants = reader.list('AUTH_ALLOWED_TENANTS', []).map((tenant) => tenant.toLowerCase());
  if (stack.tenancy === 'single') {
    if (tenants.some((tenant) => tenant !== stack.authorityTenantId)) {
      reader.problem(
        `AUTH_ALLOWED_TENANTS applies to multi-tenant authorities (.../organizations or ` +
          `.../common) only; with AUTH_AUTHORITY naming tenant ${stack.authorityTenantId}, the ` +
          `API accepts that tenant's tokens only. Remove AUTH_ALLOWED_TENANTS, or make ` +
          `AUTH_AUTHORITY multi-tenant (docs/entra-id.md, "Multi-tenant").`,
      );
    }
    return [stack.authorityTenantId];
  }
  const example = `AUTH_ALLOWED_TENANTS=<tenant-id>,<tenant-id>`;
  if (tenants.length === 0) {
    reader.problem(
      `AUTH_ALLOWED_TENANTS is required with the multi-tenant authority .../${stack.tenancy}: ` +
        `list the tenant IDs whose users may call the API (${example}), or set it to * to ` +
        `accept every tenant (docs/entra-id.md, "Multi-tenant").`,
    );
    return [];
  }
  if (tenants.includes('*')) {
    if (tenants.length > 1) {
      reader.problem(`AUTH_ALLOWED_TENANTS is either * or a list of tenant IDs, not both.`);
    }
    return '*';
  }
  for (const tenant of tenants.filter((value) => !isGuid(value))) {
    reader.problem(
      `AUTH_ALLOWED_TENANTS must list tenant IDs (GUIDs, the tokens' tid), not "${tenant}": ` +
        `find a tenant's ID on its Overview page in the Entra admin center.`,
    );
  }
  if (stack.tenancy === 'organizations' && tenants.includes(personalAccountsTenantId)) {
    reader.problem(
      `AUTH_ALLOWED_TENANTS names the personal-accounts tenant ${personalAccountsTenantId}, but ` +
        `the authority .../organizations never signs personal accounts in: use .../common.`,
    );
  }
  return tenants;
}

function readAllowedClientIds(reader: ConfigReader, stack: StackConfig): string[] {
  const defaults = [stack.spaClientId, stack.openApiClientId, stack.daemonClientId].filter(
    (id): id is string => id !== undefined,
  );
  const ids = reader.list('AUTH_ALLOWED_CLIENT_IDS', defaults).map((id) => id.toLowerCase());
  for (const id of ids.filter((value) => !isGuid(value))) {
    reader.problem(
      `AUTH_ALLOWED_CLIENT_IDS must list client IDs (GUIDs: the application IDs of the apps ` +
        `that call the API, the tokens' azp), not "${id}".`,
    );
  }
  if (ids.includes(stack.apiClientId)) {
    reader.problem(
      `AUTH_ALLOWED_CLIENT_IDS names the API itself (${stack.apiClientId}); list the apps that ` +
        `call it (the SPA, the OpenAPI UI, daemons).`,
    );
  }
  return ids;
}

function readCount(reader: ConfigReader, name: string, fallback: number): number {
  const value = reader.raw(name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) {
    reader.problem(`${name} must be a whole number, 0 or more (got "${value}").`);
    return fallback;
  }
  return Number(value);
}

function readTrustProxy(reader: ConfigReader): boolean | number | string[] {
  const value = reader.raw('TRUST_PROXY');
  if (value === undefined || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const addresses = reader.list('TRUST_PROXY', []);
  if (addresses.some((address) => !/^[0-9a-f.:/]+$/i.test(address))) {
    reader.problem(
      `TRUST_PROXY must be true, false, a number of proxy hops, or comma-separated proxy ` +
        `addresses or CIDR ranges such as 10.0.0.0/8 (got "${value}").`,
    );
  }
  return addresses;
}

function readAuthContext(reader: ConfigReader): string {
  const value = reader.string('AUTH_STEP_UP_CONTEXT', localDefaults.AUTH_STEP_UP_CONTEXT);
  if (!/^c([1-9]|[1-9]\d)$/i.test(value)) {
    reader.problem(
      `AUTH_STEP_UP_CONTEXT must be an authentication context ID, c1 to c99, as created under ` +
        `Conditional Access → Authentication contexts (got "${value}").`,
    );
  }
  return value.toLowerCase();
}

function readGraphSettings(
  reader: ConfigReader,
  stack: StackConfig,
  root: string | undefined,
): GraphSettings {
  const url = reader.url(
    'GRAPH_URL',
    stack.isMicrosoftAuthority
      ? 'https://graph.microsoft.com/v1.0'
      : `${new URL(stack.authority).origin}/graph/v1.0`,
    { protocols: ['https:'] },
  );
  const certificatePath = reader.raw('API_CLIENT_CERTIFICATE_PATH');
  if (certificatePath !== undefined) {
    const path =
      root === undefined
        ? resolveFromRoot(certificatePath)
        : resolveFromRoot(certificatePath, root);
    return { url, credential: readCertificate(reader, path) };
  }
  const secret = reader.raw('API_CLIENT_SECRET');
  if (stack.isMicrosoftAuthority) {
    if (secret === localDefaults.API_CLIENT_SECRET) {
      reader.problem(
        "API_CLIENT_SECRET is still the local emulator's dev secret while AUTH_AUTHORITY is Entra " +
          "ID: run `pnpm entra:setup` (it adds a credential to the API's registration and writes it " +
          'to .env), or set API_CLIENT_CERTIFICATE_PATH (docs/downstream-apis.md).',
      );
    }
    return { url, credential: secret === undefined ? undefined : { kind: 'secret', secret } };
  }
  return { url, credential: { kind: 'secret', secret: secret ?? localDefaults.API_CLIENT_SECRET } };
}

function readCertificate(reader: ConfigReader, path: string): ClientCredential | undefined {
  try {
    return readClientCertificate(path);
  } catch (error) {
    reader.problem(`API_CLIENT_CERTIFICATE_PATH: ${(error as Error).message}`);
    return undefined;
  }
}

// The API's configuration, read and validated once at start-up through @pixy/config: the
// shared stack settings (authority, app registrations, URLs) plus the API's own variables.
import {
  ConfigReader,
  loadDotEnv,
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
  reader.finish();
  return { stack, port, databaseUrl, corsOrigins };
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

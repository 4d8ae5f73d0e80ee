/**
 * How Pixy runs the emulator, read once at start-up through @pixy/config's reader so a
 * bad value is reported together with every other problem: the IDP_* variables, the dev
 * secrets, and the tenant (Pixy's own, or an IDP_CONFIG_FILE). Defaults run the local stack.
 */
import { type ConfigReader, type StackConfig, localDefaults, resolveFromRoot } from '@pixy/config';
import {
  defaultLifetimes,
  defaultPort,
  readConfigFile,
  resolveDirectory,
  type EmulatorConfig,
  type TokenLifetimes,
} from '@pixy/entra-emulator';
import { pixyTenant } from './pixy-tenant.js';

export interface LocalIdpSettings {
  readonly config: EmulatorConfig;
  readonly dataDir: string;
  readonly port: number;
  readonly devControls: boolean;
  readonly lifetimes: TokenLifetimes;
}

/** MSAL renews a token within 300 s of its expiry: a shorter lifetime means a network call every time. */
const minimumAccessTokenLifetime = 301;

/**
 * Reads IDP_* (and NODE_ENV, API_CLIENT_SECRET, DAEMON_CLIENT_SECRET, AUTH_STEP_UP_CONTEXT)
 * from `reader`. Problems go to the reader; call `reader.finish()` afterwards. `root`
 * resolves relative paths (the repository root).
 */
export function readLocalIdpSettings(
  reader: ConfigReader,
  stack: StackConfig,
  root?: string,
): LocalIdpSettings {
  const nodeEnv = reader.raw('NODE_ENV');
  if (nodeEnv === 'production' && !readBoolean(reader, 'IDP_ALLOW_PRODUCTION', false)) {
    reader.problem(
      'NODE_ENV is "production", and the emulator is for local development and tests only: it signs ' +
        'anyone in without a password. Use Microsoft Entra ID in production (docs/entra-id.md); set ' +
        'IDP_ALLOW_PRODUCTION=true only if you really mean to run it under NODE_ENV=production.',
    );
  }

  let config = pixyTenant(stack, {
    apiClientSecret: reader.string('API_CLIENT_SECRET', localDefaults.API_CLIENT_SECRET),
    daemonClientSecret: reader.string('DAEMON_CLIENT_SECRET', localDefaults.DAEMON_CLIENT_SECRET),
    stepUpContext: reader.string('AUTH_STEP_UP_CONTEXT', localDefaults.AUTH_STEP_UP_CONTEXT),
  });
  const configFile = reader.raw('IDP_CONFIG_FILE');
  if (configFile !== undefined) {
    const file = readConfigFile(resolveFromRoot(configFile, root));
    file.problems.forEach((problem) => reader.problem(`IDP_CONFIG_FILE ${problem}`));
    if (file.problems.length === 0) config = file.config;
  }
  const where = configFile === undefined ? "Pixy's tenant" : `IDP_CONFIG_FILE (${configFile})`;
  resolveDirectory(config).problems.forEach((problem) => reader.problem(`${where}: ${problem}`));

  const authority = new URL(stack.authority);
  const authorityIsEmulator = !stack.isMicrosoftAuthority && authority.hostname === 'localhost';
  // A multi-tenant authority (…/organizations, …/common) names no tenant: any of the
  // emulator's tenants signs in through it.
  if (
    authorityIsEmulator &&
    stack.tenancy === 'single' &&
    stack.authorityTenantId !== stack.tenantId
  ) {
    reader.problem(
      `AUTH_AUTHORITY (${stack.authority}) points at the emulator but names tenant ` +
        `${stack.authorityTenantId}, while the emulator serves AUTH_TENANT_ID ${stack.tenantId}: make them equal.`,
    );
  }
  // The emulator listens where the authority says, so AUTH_AUTHORITY alone moves it.
  const authorityPort =
    authorityIsEmulator && authority.port !== '' ? Number(authority.port) : undefined;

  return {
    config,
    dataDir: resolveFromRoot(reader.string('IDP_DATA_DIR', '.data/idp'), root),
    port: reader.port('IDP_PORT', authorityPort ?? defaultPort),
    devControls: readBoolean(reader, 'IDP_DEV_CONTROLS', false),
    lifetimes: {
      ...defaultLifetimes,
      accessToken: readSeconds(
        reader,
        'IDP_ACCESS_TOKEN_LIFETIME_SECONDS',
        defaultLifetimes.accessToken,
        minimumAccessTokenLifetime,
      ),
      refreshToken: readSeconds(
        reader,
        'IDP_REFRESH_TOKEN_LIFETIME_SECONDS',
        defaultLifetimes.refreshToken,
        60,
      ),
    },
  };
}

function readBoolean(reader: ConfigReader, name: string, fallback: boolean): boolean {
  const value = reader.raw(name);
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  reader.problem(`${name} must be true or false (got "${value}").`);
  return fallback;
}

function readSeconds(
  reader: ConfigReader,
  name: string,
  fallback: number,
  minimum: number,
): number {
  const value = reader.raw(name);
  if (value === undefined) return fallback;
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds < minimum || seconds > 7 * 86_400) {
    reader.problem(
      `${name} must be a whole number of seconds from ${minimum} to ${7 * 86_400} (got "${value}")` +
        (minimum > 300
          ? '; MSAL renews tokens within 300 s of expiry, so shorter ones are never reused.'
          : '.'),
    );
    return fallback;
  }
  return seconds;
}

/**
 * Reading the emulator's JSON config file: the tenants, users and app registrations of
 * EmulatorConfig, plus an optional `server` section (port, data folder, TLS files, dev
 * controls, token lifetimes). Paths in the file (TLS files, certificates) are relative to
 * the file. Every problem is collected, so a bad file is reported once, completely.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type {
  ApplicationConfig,
  AppRoleConfig,
  AuthenticationContextConfig,
  EmulatorConfig,
  OptionalClaim,
  SignInAudience,
  TenantConfig,
  UserConfig,
} from './emulator-config.js';
import type { TokenLifetimes } from './emulator-context.js';

/** The `server` section: how to run, rather than what to emulate. */
export interface ServerSettings {
  readonly port?: number;
  /** Where the signing keys are kept. */
  readonly dataDir?: string;
  readonly devControls?: boolean;
  /** PEM files: the localhost certificate, its key, and the CA that signed it. */
  readonly tls?: { readonly cert: string; readonly key: string; readonly ca?: string };
  readonly lifetimes?: Partial<TokenLifetimes>;
}

export interface ConfigFile {
  readonly config: EmulatorConfig;
  /** With paths made absolute. */
  readonly server: ServerSettings;
  readonly problems: readonly string[];
}

/** Reads and checks a config file; a file that cannot be read is one problem. */
export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return {
      config: { tenants: [], users: [], applications: [] },
      server: {},
      problems: [`cannot read ${path} (${(error as Error).message}).`],
    };
  }
  return parseConfigFile(text, dirname(resolve(path)), path);
}

export function parseConfigFile(json: string, baseDir: string, fileName: string): ConfigFile {
  const problems: string[] = [];
  const problem = (message: string) => problems.push(`${fileName}: ${message}`);
  const empty = { tenants: [], users: [], applications: [] };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    problem(`is not valid JSON (${(error as Error).message}).`);
    return { config: empty, server: {}, problems };
  }
  if (!isRecord(data)) {
    problem('must hold a JSON object with "tenants", "users" and "applications".');
    return { config: empty, server: {}, problems };
  }
  const read = new Reader(problem, baseDir);
  const contexts = data.authenticationContexts;
  const config: EmulatorConfig = {
    tenants: read.list(data.tenants, 'tenants', (value, at) => read.tenant(value, at)),
    users: read.list(data.users, 'users', (value, at) => read.user(value, at)),
    applications: read.list(data.applications, 'applications', (value, at) =>
      read.application(value, at),
    ),
    ...(contexts === undefined
      ? {}
      : {
          authenticationContexts: read.list(contexts, 'authenticationContexts', (value, at) =>
            read.context(value, at),
          ),
        }),
  };
  const server = data.server === undefined ? {} : read.server(data.server);
  return { config, server, problems };
}

type Problem = (message: string) => void;

/** Typed reads of JSON values, each reporting what is wrong where. */
class Reader {
  constructor(
    private readonly problem: Problem,
    private readonly baseDir: string,
  ) {}

  list<T>(
    value: unknown,
    name: string,
    read: (value: Record<string, unknown>, at: string) => T,
  ): T[] {
    if (!Array.isArray(value)) {
      this.problem(`"${name}" must be an array.`);
      return [];
    }
    return value.flatMap((item: unknown, index) => {
      if (!isRecord(item)) {
        this.problem(`${name}[${index}] must be an object.`);
        return [];
      }
      return [read(item, `${name}[${index}]`)];
    });
  }

  tenant(value: Record<string, unknown>, at: string): TenantConfig {
    return { id: this.text(value, 'id', at), displayName: this.text(value, 'displayName', at) };
  }

  user(value: Record<string, unknown>, at: string): UserConfig {
    return {
      ...this.optionalText(value, 'key', at),
      tenant: this.text(value, 'tenant', at),
      oid: this.text(value, 'oid', at),
      displayName: this.text(value, 'displayName', at),
      username: this.text(value, 'username', at),
      ...this.optionalText(value, 'mail', at),
      ...this.optionalText(value, 'jobTitle', at),
      ...this.optionalText(value, 'officeLocation', at),
      ...(value.guestIn === undefined
        ? {}
        : {
            guestIn: this.list(value.guestIn, `${at}.guestIn`, (guest, where) => ({
              tenant: this.text(guest, 'tenant', where),
              oid: this.text(guest, 'oid', where),
            })),
          }),
      ...(value.consent === undefined ? {} : { consent: this.listsByKey(value, 'consent', at) }),
      ...(value.canConsent === undefined
        ? {}
        : { canConsent: this.boolean(value, 'canConsent', at) }),
      ...(value.appRoles === undefined ? {} : { appRoles: this.listsByKey(value, 'appRoles', at) }),
    };
  }

  application(value: Record<string, unknown>, at: string): ApplicationConfig {
    const api = value.api;
    const spa = value.spa;
    const optionalClaims = value.optionalClaims;
    return {
      clientId: this.text(value, 'clientId', at),
      displayName: this.text(value, 'displayName', at),
      ...this.optionalText(value, 'tenant', at),
      ...(value.signInAudience === undefined
        ? {}
        : { signInAudience: this.text(value, 'signInAudience', at) as SignInAudience }),
      ...(spa === undefined
        ? {}
        : {
            spa: isRecord(spa)
              ? { redirectUris: this.texts(spa, 'redirectUris', `${at}.spa`) }
              : (this.problem(`${at}.spa must be an object with "redirectUris".`),
                { redirectUris: [] }),
          }),
      ...(value.postLogoutRedirectUris === undefined
        ? {}
        : { postLogoutRedirectUris: this.texts(value, 'postLogoutRedirectUris', at) }),
      ...(api === undefined
        ? {}
        : {
            api: isRecord(api)
              ? {
                  scopes: this.texts(api, 'scopes', `${at}.api`),
                  ...(api.identifierUris === undefined
                    ? {}
                    : { identifierUris: this.texts(api, 'identifierUris', `${at}.api`) }),
                  ...(api.knownClientApplications === undefined
                    ? {}
                    : {
                        knownClientApplications: this.texts(
                          api,
                          'knownClientApplications',
                          `${at}.api`,
                        ),
                      }),
                }
              : (this.problem(`${at}.api must be an object with "scopes".`), { scopes: [] }),
          }),
      ...(value.appRoles === undefined
        ? {}
        : {
            appRoles: this.list(value.appRoles, `${at}.appRoles`, (role, where): AppRoleConfig => ({
              value: this.text(role, 'value', where),
              allowedMemberTypes: this.texts(
                role,
                'allowedMemberTypes',
                where,
              ) as AppRoleConfig['allowedMemberTypes'],
            })),
          }),
      ...(optionalClaims === undefined
        ? {}
        : {
            optionalClaims: isRecord(optionalClaims)
              ? {
                  ...(optionalClaims.accessToken === undefined
                    ? {}
                    : {
                        accessToken: this.texts(
                          optionalClaims,
                          'accessToken',
                          `${at}.optionalClaims`,
                        ) as OptionalClaim[],
                      }),
                  ...(optionalClaims.idToken === undefined
                    ? {}
                    : {
                        idToken: this.texts(
                          optionalClaims,
                          'idToken',
                          `${at}.optionalClaims`,
                        ) as OptionalClaim[],
                      }),
                }
              : (this.problem(`${at}.optionalClaims must be an object.`), {}),
          }),
      ...(value.secrets === undefined ? {} : { secrets: this.texts(value, 'secrets', at) }),
      ...(value.certificates === undefined
        ? {}
        : {
            certificates: this.texts(value, 'certificates', at).map((entry, index) =>
              this.pem(entry, `${at}.certificates[${index}]`),
            ),
          }),
      ...(value.applicationPermissions === undefined
        ? {}
        : { applicationPermissions: this.listsByKey(value, 'applicationPermissions', at) }),
      ...(value.delegatedPermissions === undefined
        ? {}
        : { delegatedPermissions: this.listsByKey(value, 'delegatedPermissions', at) }),
    };
  }

  context(value: Record<string, unknown>, at: string): AuthenticationContextConfig {
    return { id: this.text(value, 'id', at), displayName: this.text(value, 'displayName', at) };
  }

  server(value: unknown): ServerSettings {
    if (!isRecord(value)) {
      this.problem('"server" must be an object.');
      return {};
    }
    const at = 'server';
    const tls = value.tls;
    const lifetimes = value.lifetimes;
    return {
      ...(value.port === undefined ? {} : { port: this.number(value, 'port', at) }),
      ...(value.dataDir === undefined
        ? {}
        : { dataDir: resolve(this.baseDir, this.text(value, 'dataDir', at)) }),
      ...(value.devControls === undefined
        ? {}
        : { devControls: this.boolean(value, 'devControls', at) }),
      ...(tls === undefined
        ? {}
        : isRecord(tls)
          ? {
              tls: {
                cert: resolve(this.baseDir, this.text(tls, 'cert', `${at}.tls`)),
                key: resolve(this.baseDir, this.text(tls, 'key', `${at}.tls`)),
                ...(tls.ca === undefined
                  ? {}
                  : { ca: resolve(this.baseDir, this.text(tls, 'ca', `${at}.tls`)) }),
              },
            }
          : (this.problem(`${at}.tls must be an object with "cert" and "key" files.`), {})),
      ...(lifetimes === undefined
        ? {}
        : isRecord(lifetimes)
          ? {
              lifetimes: Object.fromEntries(
                ['accessToken', 'idToken', 'refreshToken', 'authorizationCode']
                  .filter((name) => lifetimes[name] !== undefined)
                  .map((name) => [name, this.number(lifetimes, name, `${at}.lifetimes`)]),
              ),
            }
          : (this.problem(`${at}.lifetimes must be an object of seconds.`), {})),
    };
  }

  /** A PEM certificate, written out or named by a file relative to the config file. */
  private pem(entry: string, at: string): string {
    if (entry.includes('-----BEGIN')) return entry;
    try {
      return readFileSync(resolve(this.baseDir, entry), 'utf8');
    } catch (error) {
      this.problem(`${at}: cannot read ${entry} (${(error as Error).message}).`);
      return '';
    }
  }

  private text(value: Record<string, unknown>, name: string, at: string): string {
    const field = value[name];
    if (typeof field === 'string' && field.trim() !== '') return field.trim();
    this.problem(`${at}.${name} must be a non-empty string.`);
    return '';
  }

  private optionalText(value: Record<string, unknown>, name: string, at: string) {
    return value[name] === undefined ? {} : { [name]: this.text(value, name, at) };
  }

  private texts(value: Record<string, unknown>, name: string, at: string): string[] {
    const field = value[name];
    if (Array.isArray(field) && field.every((item) => typeof item === 'string')) return field;
    this.problem(`${at}.${name} must be an array of strings.`);
    return [];
  }

  private number(value: Record<string, unknown>, name: string, at: string): number {
    const field = value[name];
    if (typeof field === 'number' && Number.isInteger(field) && field >= 0) return field;
    this.problem(`${at}.${name} must be a whole number.`);
    return 0;
  }

  private boolean(value: Record<string, unknown>, name: string, at: string): boolean {
    const field = value[name];
    if (typeof field === 'boolean') return field;
    this.problem(`${at}.${name} must be true or false.`);
    return false;
  }

  private listsByKey(
    value: Record<string, unknown>,
    name: string,
    at: string,
  ): Record<string, string[]> {
    const field = value[name];
    if (!isRecord(field)) {
      this.problem(`${at}.${name} must be an object of arrays, keyed by resource.`);
      return {};
    }
    return Object.fromEntries(
      Object.keys(field).map((key) => [key, this.texts(field, key, `${at}.${name}`)]),
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

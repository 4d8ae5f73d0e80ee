/**
 * The emulator's directory: its configuration resolved into what the endpoints look up
 * (a tenant by ID, an app by client ID, a resource by identifier URI, a user's identity in
 * a tenant), and checked once, at start-up, with every problem reported together.
 */
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import {
  microsoftGraph,
  optionalClaimNames,
  personalAccountsTenantId,
  signInAudiences,
  type ApplicationConfig,
  type EmulatorConfig,
  type OptionalClaim,
  type SignInAudience,
  type UserConfig,
} from './emulator-config.js';
import { EntraError } from './entra-errors.js';

export interface Tenant {
  readonly id: string;
  readonly displayName: string;
  /** The tenant of personal Microsoft accounts. */
  readonly personal: boolean;
}

export interface User {
  readonly key: string;
  readonly displayName: string;
  readonly username: string;
  readonly mail: string;
  readonly jobTitle: string | undefined;
  readonly officeLocation: string | undefined;
  /** Where the user's account lives. */
  readonly home: { readonly tenant: Tenant; readonly oid: string };
  readonly guestIn: readonly { readonly tenant: Tenant; readonly oid: string }[];
  /** Consent at start-up, by resource app ID (the dev controls and the consent page change it later). */
  readonly consent: ReadonlyMap<string, readonly string[]>;
  readonly canConsent: boolean;
  /** App roles by resource app ID. */
  readonly appRoles: ReadonlyMap<string, readonly string[]>;
}

/** A user as one tenant sees them: a member, or a guest from another tenant. */
export interface Identity {
  readonly user: User;
  readonly tenant: Tenant;
  readonly oid: string;
  readonly guest: boolean;
}

export interface ClientCertificate {
  /** SHA-1 and SHA-256 thumbprints (base64url): a client assertion's `x5t`, `x5t#S256`. */
  readonly x5t: string;
  readonly x5tS256: string;
  readonly publicKey: KeyObject;
  readonly notAfter: Date;
}

export interface App {
  readonly clientId: string;
  readonly displayName: string;
  readonly home: Tenant;
  readonly signInAudience: SignInAudience;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  /** The first one prefixes full scope names; empty for an app that exposes no API. */
  readonly identifierUris: readonly string[];
  readonly scopes: readonly string[];
  readonly userRoles: readonly string[];
  readonly applicationRoles: readonly string[];
  readonly accessTokenClaims: ReadonlySet<OptionalClaim>;
  readonly idTokenClaims: ReadonlySet<OptionalClaim>;
  readonly secrets: readonly string[];
  readonly certificates: readonly ClientCertificate[];
  /** Granted application permissions, by resource app ID. */
  readonly applicationPermissions: ReadonlyMap<string, readonly string[]>;
  /** Client IDs whose `/.default` sign-ins consent to this API and its delegatedPermissions at once. */
  readonly knownClientApplications: readonly string[];
  /** Delegated permissions the app requests of other resources, by resource app ID. */
  readonly delegatedPermissions: ReadonlyMap<string, readonly string[]>;
  /** Without secrets and certificates: a public client (the SPA platform). */
  readonly isConfidential: boolean;
}

export class Directory {
  readonly tenants: readonly Tenant[];
  readonly users: readonly User[];
  /** The configured apps, then Microsoft Graph. */
  readonly apps: readonly App[];
  readonly authenticationContexts: ReadonlyMap<string, string>;

  constructor(
    tenants: readonly Tenant[],
    users: readonly User[],
    apps: readonly App[],
    authenticationContexts: ReadonlyMap<string, string>,
  ) {
    this.tenants = tenants;
    this.users = users;
    this.apps = apps;
    this.authenticationContexts = authenticationContexts;
  }

  /** The first configured tenant: the default authority's. */
  get defaultTenant(): Tenant {
    const tenant = this.tenants[0];
    if (!tenant) throw new Error('The directory has no tenant.');
    return tenant;
  }

  tenant(id: string): Tenant | undefined {
    return this.tenants.find((tenant) => tenant.id === id.toLowerCase());
  }

  app(clientId: string): App | undefined {
    return this.apps.find((app) => app.clientId === clientId.toLowerCase());
  }

  /** The app of a request's client_id; AADSTS700016 when there is none. */
  requireApp(clientId: string): App {
    const app = this.app(clientId);
    if (!app) {
      throw new EntraError(
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory of this emulator.`,
      );
    }
    return app;
  }

  /** An app by client ID or by one of its identifier URIs (the resource of a scope). */
  resource(identifier: string): App | undefined {
    const wanted = identifier.toLowerCase().replace(/\/$/, '');
    return this.apps.find(
      (app) =>
        app.clientId === wanted ||
        app.identifierUris.some((uri) => uri.toLowerCase().replace(/\/$/, '') === wanted),
    );
  }

  /** A user by key or username (case-insensitive). */
  user(keyOrUsername: string): User | undefined {
    const wanted = keyOrUsername.toLowerCase();
    return this.users.find((user) => user.key === wanted || user.username.toLowerCase() === wanted);
  }

  /** The user's identity in `tenant`: member, guest, or none. */
  identityIn(user: User, tenant: Tenant): Identity | undefined {
    if (user.home.tenant === tenant) return { user, tenant, oid: user.home.oid, guest: false };
    const guest = user.guestIn.find((entry) => entry.tenant === tenant);
    return guest && { user, tenant, oid: guest.oid, guest: true };
  }

  /** Whether `app` has a service principal in `tenant`: it may sign users in or get tokens there. */
  appServes(app: App, tenant: Tenant): boolean {
    if (tenant.personal) {
      return (
        app.signInAudience === 'AzureADandPersonalMicrosoftAccount' ||
        app.signInAudience === 'PersonalMicrosoftAccount'
      );
    }
    if (app.home === tenant) return app.signInAudience !== 'PersonalMicrosoftAccount';
    return (
      app.signInAudience === 'AzureADMultipleOrgs' ||
      app.signInAudience === 'AzureADandPersonalMicrosoftAccount'
    );
  }
}

/** Thrown by startEmulator for a configuration it cannot use; the message lists every problem. */
export class EmulatorConfigError extends Error {
  override readonly name = 'EmulatorConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`The emulator's configuration is not valid:\n  - ${problems.join('\n  - ')}`);
  }
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Resolves and checks a configuration; returns every problem instead of stopping at the first. */
export function resolveDirectory(config: EmulatorConfig): {
  directory: Directory;
  problems: string[];
} {
  const problems: string[] = [];
  const problem = (message: string) => problems.push(message);

  const personal: Tenant = {
    id: personalAccountsTenantId,
    displayName: 'Microsoft accounts',
    personal: true,
  };
  const tenants: Tenant[] = config.tenants.map((tenant, index) => {
    if (!guidPattern.test(tenant.id))
      problem(`tenants[${index}].id must be a GUID (got "${tenant.id}").`);
    if (tenant.id.toLowerCase() === personalAccountsTenantId) {
      problem(
        `tenants[${index}] is the personal-accounts tenant, which is built in: leave it out.`,
      );
    }
    return { id: tenant.id.toLowerCase(), displayName: tenant.displayName, personal: false };
  });
  if (tenants.length === 0) problem('there is no tenant: list at least one under "tenants".');
  duplicates(tenants.map((t) => t.id)).forEach((id) => problem(`two tenants have the ID ${id}.`));
  const allTenants = [...tenants, personal];
  const findTenant = (id: string | undefined, at: string): Tenant => {
    const found = allTenants.find((tenant) => tenant.id === (id ?? '').toLowerCase());
    if (!found) {
      problem(
        `${at} names the tenant "${id}", which is not configured (tenants: ${allTenants.map((t) => t.id).join(', ')}).`,
      );
    }
    return found ?? personal;
  };

  const configured = config.applications.map((app, index) =>
    resolveApp(app, `applications[${index}]`, tenants[0] ?? personal, findTenant, problem),
  );
  const apps = [...configured, graphApp()];
  duplicates(apps.map((app) => app.clientId)).forEach((id) =>
    problem(`two applications have the client ID ${id}.`),
  );
  const identifierUris = apps.flatMap((app) => app.identifierUris.map((uri) => uri.toLowerCase()));
  duplicates(identifierUris).forEach((uri) =>
    problem(`two applications have the identifier URI ${uri}.`),
  );
  const contexts = new Map(
    (config.authenticationContexts ?? []).map((context) => [context.id, context.displayName]),
  );
  for (const id of contexts.keys()) {
    if (!/^c([1-9]|[1-9]\d)$/.test(id)) {
      problem(`authentication context "${id}" must be c1 to c99, as at Entra.`);
    }
  }
  const directory = new Directory(allTenants, [], apps, contexts);

  const users = config.users.map((user, index) =>
    resolveUser(user, `users[${index}]`, directory, findTenant, problem),
  );
  duplicates(users.map((u) => u.key)).forEach((key) => problem(`two users have the key "${key}".`));
  duplicates(users.map((u) => u.username.toLowerCase())).forEach((name) =>
    problem(`two users have the username "${name}".`),
  );
  const identities = users.flatMap((user) =>
    [user.home, ...user.guestIn].map((identity) => `${identity.tenant.id}/${identity.oid}`),
  );
  duplicates(identities).forEach((identity) =>
    problem(`two identities share the tenant and object ID ${identity}.`),
  );
  if (users.length === 0) problem('there is no user: list at least one under "users".');

  const granted = apps.map((app) =>
    resolveCombinedConsent(resolveGrants(app, directory, problem), directory, problem),
  );
  return { directory: new Directory(allTenants, users, granted, contexts), problems };
}

function resolveApp(
  app: ApplicationConfig,
  at: string,
  defaultTenant: Tenant,
  findTenant: (id: string | undefined, at: string) => Tenant,
  problem: (message: string) => void,
): App {
  const clientId = app.clientId.toLowerCase();
  if (!guidPattern.test(clientId))
    problem(`${at}.clientId must be a GUID (got "${app.clientId}").`);
  const signInAudience = app.signInAudience ?? 'AzureADMyOrg';
  if (!signInAudiences.includes(signInAudience)) {
    problem(
      `${at}.signInAudience must be one of ${signInAudiences.join(', ')} (got "${signInAudience}").`,
    );
  }
  const redirectUris = app.spa?.redirectUris ?? [];
  for (const uri of [...redirectUris, ...(app.postLogoutRedirectUris ?? [])]) {
    if (!isHttpUrl(uri)) problem(`${at} has "${uri}", which is not an http(s) URL.`);
  }
  const secrets = app.secrets ?? [];
  const certificates = (app.certificates ?? []).flatMap((pem, index) => {
    try {
      return [clientCertificate(pem)];
    } catch (error) {
      problem(
        `${at}.certificates[${index}] is not a PEM certificate (${(error as Error).message}).`,
      );
      return [];
    }
  });
  const isConfidential = secrets.length > 0 || certificates.length > 0;
  if (isConfidential && redirectUris.length > 0) {
    problem(
      `${at} has SPA redirect URIs and credentials: an SPA is a public client. Register the ` +
        `confidential client (secrets, certificates) as an application of its own.`,
    );
  }
  const roles = app.appRoles ?? [];
  const optionalClaims = (list: readonly OptionalClaim[] | undefined, which: string) => {
    for (const claim of list ?? []) {
      if (!optionalClaimNames.includes(claim)) {
        problem(
          `${at}.optionalClaims.${which} has "${claim}"; supported: ${optionalClaimNames.join(', ')}.`,
        );
      }
    }
    return new Set(list ?? []);
  };
  return {
    clientId,
    displayName: app.displayName,
    home: app.tenant === undefined ? defaultTenant : findTenant(app.tenant, `${at}.tenant`),
    signInAudience,
    redirectUris,
    postLogoutRedirectUris: app.postLogoutRedirectUris ?? [],
    identifierUris: app.api ? (app.api.identifierUris ?? [`api://${clientId}`]) : [],
    scopes: app.api?.scopes ?? [],
    userRoles: roles.filter((r) => r.allowedMemberTypes.includes('User')).map((r) => r.value),
    applicationRoles: roles
      .filter((r) => r.allowedMemberTypes.includes('Application'))
      .map((r) => r.value),
    accessTokenClaims: optionalClaims(app.optionalClaims?.accessToken, 'accessToken'),
    idTokenClaims: optionalClaims(app.optionalClaims?.idToken, 'idToken'),
    secrets,
    certificates,
    // Keyed by resource as configured; resolveGrants and resolveCombinedConsent key them by
    // app ID once every app is known.
    applicationPermissions: new Map(Object.entries(app.applicationPermissions ?? {})),
    knownClientApplications: (app.api?.knownClientApplications ?? []).map((id) => id.toLowerCase()),
    delegatedPermissions: new Map(Object.entries(app.delegatedPermissions ?? {})),
    isConfidential,
  };
}

/** Microsoft Graph as a resource: multi-tenant, `User.Read`, and `xms_cc` for CAE-capable clients. */
function graphApp(): App {
  return {
    clientId: microsoftGraph.appId,
    displayName: 'Microsoft Graph',
    home: {
      id: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
      displayName: 'Microsoft Services',
      personal: false,
    },
    signInAudience: 'AzureADandPersonalMicrosoftAccount',
    redirectUris: [],
    postLogoutRedirectUris: [],
    identifierUris: [microsoftGraph.resource],
    scopes: [...microsoftGraph.scopes],
    userRoles: [],
    applicationRoles: [],
    accessTokenClaims: new Set(['xms_cc']),
    idTokenClaims: new Set(),
    secrets: [],
    certificates: [],
    applicationPermissions: new Map(),
    knownClientApplications: [],
    delegatedPermissions: new Map(),
    isConfidential: false,
  };
}

function resolveUser(
  user: UserConfig,
  at: string,
  directory: Directory,
  findTenant: (id: string | undefined, at: string) => Tenant,
  problem: (message: string) => void,
): User {
  if (!guidPattern.test(user.oid)) problem(`${at}.oid must be a GUID (got "${user.oid}").`);
  const key = (user.key ?? user.username.split('@')[0] ?? '').toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(key)) {
    problem(`${at}.key must be letters, digits, ".", "_" or "-" (got "${key}").`);
  }
  const home = { tenant: findTenant(user.tenant, `${at}.tenant`), oid: user.oid.toLowerCase() };
  const guestIn = (user.guestIn ?? []).map((guest, index) => {
    if (!guidPattern.test(guest.oid)) problem(`${at}.guestIn[${index}].oid must be a GUID.`);
    const tenant = findTenant(guest.tenant, `${at}.guestIn[${index}].tenant`);
    if (tenant.personal || tenant === home.tenant) {
      problem(
        `${at}.guestIn[${index}] must name an organization's tenant other than the user's own.`,
      );
    }
    return { tenant, oid: guest.oid.toLowerCase() };
  });
  const byResource = (
    lists: Readonly<Record<string, readonly string[]>> | undefined,
    what: 'consent' | 'appRoles',
  ) => {
    const resolved = new Map<string, readonly string[]>();
    for (const [resource, values] of Object.entries(lists ?? {})) {
      const app = directory.resource(resource);
      if (!app) {
        problem(`${at}.${what} names "${resource}", which no application exposes.`);
        continue;
      }
      const known = what === 'consent' ? app.scopes : app.userRoles;
      const expanded = values.includes('*') ? known : values;
      for (const value of expanded) {
        if (!known.includes(value)) {
          problem(
            `${at}.${what} has "${value}", which ${app.displayName} does not ${what === 'consent' ? 'expose as a scope' : 'define as a user role'}` +
              ` (it has: ${known.join(', ') || 'none'}).`,
          );
        }
      }
      resolved.set(app.clientId, expanded);
    }
    return resolved;
  };
  return {
    key,
    displayName: user.displayName,
    username: user.username,
    mail: user.mail ?? user.username,
    jobTitle: user.jobTitle,
    officeLocation: user.officeLocation,
    home,
    guestIn,
    consent: byResource(user.consent, 'consent'),
    canConsent: user.canConsent ?? false,
    appRoles: byResource(user.appRoles, 'appRoles'),
  };
}

/** Application permissions, keyed by resource app ID; each must be an app role for applications. */
function resolveGrants(app: App, directory: Directory, problem: (message: string) => void): App {
  const resolved = new Map<string, readonly string[]>();
  for (const [resource, roles] of app.applicationPermissions) {
    const api = directory.resource(resource);
    if (!api) {
      problem(
        `${app.displayName}'s applicationPermissions name "${resource}", which no application exposes.`,
      );
      continue;
    }
    for (const role of roles) {
      if (!api.applicationRoles.includes(role)) {
        problem(
          `${app.displayName} is granted "${role}", which ${api.displayName} does not define as an ` +
            `application permission (an app role with allowedMemberTypes ["Application"]).`,
        );
      }
    }
    resolved.set(api.clientId, roles);
  }
  if (resolved.size > 0 && !app.isConfidential) {
    problem(
      `${app.displayName} has application permissions but no secret or certificate to use them with.`,
    );
  }
  return { ...app, applicationPermissions: resolved };
}

/**
 * Combined consent: the delegated permissions an app requests, keyed by resource app ID,
 * each a scope the resource exposes; and its known clients, each a configured app.
 */
function resolveCombinedConsent(
  app: App,
  directory: Directory,
  problem: (message: string) => void,
): App {
  const resolved = new Map<string, readonly string[]>();
  for (const [resource, scopes] of app.delegatedPermissions) {
    const api = directory.resource(resource);
    if (!api) {
      problem(
        `${app.displayName}'s delegatedPermissions name "${resource}", which no application exposes.`,
      );
      continue;
    }
    for (const scope of scopes) {
      if (!api.scopes.includes(scope)) {
        problem(
          `${app.displayName}'s delegatedPermissions have "${scope}", which ${api.displayName} does not ` +
            `expose as a scope (it has: ${api.scopes.join(', ') || 'none'}).`,
        );
      }
    }
    resolved.set(api.clientId, scopes);
  }
  for (const clientId of app.knownClientApplications) {
    const client = directory.app(clientId);
    if (!client || client.clientId === microsoftGraph.appId) {
      problem(
        `${app.displayName}'s api.knownClientApplications has "${clientId}", which is not the client ID ` +
          `of a configured application.`,
      );
    }
  }
  return { ...app, delegatedPermissions: resolved };
}

function clientCertificate(pem: string): ClientCertificate {
  const certificate = new X509Certificate(pem);
  return {
    x5t: createHash('sha1').update(certificate.raw).digest('base64url'),
    x5tS256: createHash('sha256').update(certificate.raw).digest('base64url'),
    publicKey: certificate.publicKey,
    notAfter: new Date(certificate.validTo),
  };
}

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

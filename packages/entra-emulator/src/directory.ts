/**
 * The emulator's tenant directory: test users, the client apps allowed to sign them in,
 * and the APIs they call. The defaults model Pixy's own app registrations; the API's
 * scopes and app roles come from @pixy/auth-contract, so a scope added there works here
 * at once. A JSON file (IDP_CONFIG_FILE, directory-file.ts) can replace the users and clients.
 */
import { allAppRoles, allScopes, AppRoles, applicationIdUri, Scopes } from '@pixy/auth-contract';

/** A user of the tenant. There are no passwords: the sign-in page lists every user. */
export interface TestUser {
  /** Short name used in tests and docs, e.g. `alice`. */
  readonly key: string;
  /** Object ID: fixed, so data stored for a user survives restarts. */
  readonly oid: string;
  readonly displayName: string;
  /** The user principal name, `preferred_username` in tokens. */
  readonly username: string;
  /**
   * Delegated scopes the user has consented to, by API client ID. Consent is fixed: a
   * user cannot consent to more, like a tenant whose admin disabled user consent.
   */
  readonly consentedScopes: Readonly<Record<string, readonly string[]>>;
  /** App roles an admin assigned to the user, by API client ID. */
  readonly appRoles: Readonly<Record<string, readonly string[]>>;
}

/** A public client on the SPA platform (no secret; PKCE; CORS on the token endpoint). */
export interface ClientApp {
  readonly clientId: string;
  readonly displayName: string;
  /** Matched exactly, as Entra does. */
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
}

/** An app registration that exposes delegated scopes and app roles. */
export interface ApiApp {
  readonly clientId: string;
  readonly displayName: string;
  /** The scopes' prefix, `api://<clientId>`. */
  readonly applicationIdUri: string;
  readonly scopes: readonly string[];
  readonly appRoles: readonly string[];
}

export interface Directory {
  readonly users: readonly TestUser[];
  readonly clients: readonly ClientApp[];
  readonly apis: readonly ApiApp[];
}

/** The app registrations the default directory is built from (see readStackConfig). */
export interface AppRegistrations {
  readonly spaClientId: string;
  readonly apiClientId: string;
  readonly openApiClientId: string;
  readonly spaUrl: string;
  readonly apiUrl: string;
}

/** The fixed object IDs of the default test users. */
export const testUserOids = {
  alice: 'a11ce000-0000-4000-8000-00000000a11c',
  bob: 'b0b00000-0000-4000-8000-000000000b0b',
  ada: 'ada00000-0000-4000-8000-000000000ada',
  riley: 'e11e7000-0000-4000-8000-0000000e11e7',
} as const;

/** Pixy's app registrations and the four test users of the team contract. */
export function defaultDirectory(apps: AppRegistrations): Directory {
  const api = apps.apiClientId;
  const everyScope = { [api]: allScopes };
  const user = (
    key: keyof typeof testUserOids,
    displayName: string,
    consentedScopes: TestUser['consentedScopes'],
    appRoles: TestUser['appRoles'] = {},
  ): TestUser => ({
    key,
    oid: testUserOids[key],
    displayName,
    username: `${key}@pixy.test`,
    consentedScopes,
    appRoles,
  });
  return {
    users: [
      user('alice', 'Alice Adams', everyScope),
      user('bob', 'Bob Baker', everyScope),
      user('ada', 'Ada Admin', everyScope, { [api]: [AppRoles.TasksAdmin] }),
      user('riley', 'Riley Reader', { [api]: [Scopes.TasksRead] }),
    ],
    clients: [
      {
        clientId: apps.spaClientId,
        displayName: 'Pixy SPA',
        redirectUris: [`${apps.spaUrl}/`, `${apps.spaUrl}/redirect.html`],
        postLogoutRedirectUris: [`${apps.spaUrl}/`],
      },
      {
        clientId: apps.openApiClientId,
        displayName: 'Pixy API docs (OpenAPI UI)',
        redirectUris: [`${apps.apiUrl}/docs/oauth2-redirect.html`],
        postLogoutRedirectUris: [],
      },
    ],
    apis: [
      {
        clientId: api,
        displayName: 'Pixy API',
        applicationIdUri: applicationIdUri(api),
        scopes: allScopes,
        appRoles: allAppRoles,
      },
    ],
  };
}

/** The origins of every registered redirect URI: the token endpoint's CORS allow-list. */
export function clientOrigins(directory: Directory): Set<string> {
  return new Set(
    directory.clients.flatMap((client) => client.redirectUris.map((uri) => new URL(uri).origin)),
  );
}

export function findUser(directory: Directory, keyOrUsername: string): TestUser | undefined {
  const wanted = keyOrUsername.toLowerCase();
  return directory.users.find(
    (user) => user.key === wanted || user.username.toLowerCase() === wanted,
  );
}

/** Problems that make a directory unusable: duplicates, unknown APIs, unknown scopes. */
export function checkDirectory(directory: Directory): string[] {
  const problems: string[] = [];
  const duplicates = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);
  for (const key of duplicates(directory.users.map((u) => u.key)))
    problems.push(`two users have the key "${key}".`);
  for (const name of duplicates(directory.users.map((u) => u.username.toLowerCase())))
    problems.push(`two users have the username "${name}".`);
  for (const id of duplicates([
    ...directory.clients.map((c) => c.clientId),
    ...directory.apis.map((a) => a.clientId),
  ]))
    problems.push(`two apps have the client ID ${id}.`);
  if (directory.users.length === 0) problems.push('the directory has no users.');
  if (directory.clients.length === 0) problems.push('the directory has no clients.');

  for (const user of directory.users) {
    for (const [apiId, granted] of Object.entries(user.consentedScopes)) {
      const api = directory.apis.find((a) => a.clientId === apiId);
      if (!api) problems.push(`user ${user.key} consented to an unknown API ${apiId}.`);
      for (const scope of granted)
        if (api && !api.scopes.includes(scope))
          problems.push(
            `user ${user.key} consented to "${scope}", which ${api.displayName} does not expose.`,
          );
    }
    for (const [apiId, roles] of Object.entries(user.appRoles)) {
      const api = directory.apis.find((a) => a.clientId === apiId);
      if (!api) problems.push(`user ${user.key} has roles of an unknown API ${apiId}.`);
      for (const role of roles)
        if (api && !api.appRoles.includes(role))
          problems.push(
            `user ${user.key} has the role "${role}", which ${api.displayName} does not define.`,
          );
    }
  }
  for (const client of directory.clients) {
    for (const uri of [...client.redirectUris, ...client.postLogoutRedirectUris])
      if (!isHttpUrl(uri))
        problems.push(`client ${client.displayName} has "${uri}", which is not an http(s) URL.`);
  }
  return problems;
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * Reading an IDP_CONFIG_FILE: a JSON file that replaces the emulator's users and clients
 * (and optionally its APIs), so a team can model its own tenant. Collects every problem
 * instead of stopping at the first, so start-up can report them all at once.
 */
import { isGuid } from '@pixy/config';
import {
  checkDirectory,
  type ApiApp,
  type ClientApp,
  type Directory,
  type TestUser,
} from './directory.js';

/**
 * Replaces the users and clients with the ones of an IDP_CONFIG_FILE (JSON), keeping
 * the APIs unless the file lists its own. Returns the problems instead of throwing, so
 * start-up reports them with every other configuration problem.
 *
 * In the file, a user's `consentedScopes` may list `"*"` for every scope of an API.
 */
export function applyDirectoryFile(
  base: Directory,
  json: string,
  fileName: string,
): { directory: Directory; problems: string[] } {
  const problems: string[] = [];
  const problem = (message: string) => problems.push(`${fileName}: ${message}`);
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    problem(`is not valid JSON (${(error as Error).message}).`);
    return { directory: base, problems };
  }
  if (!isRecord(data)) {
    problem('must hold a JSON object with "users" and "clients" arrays.');
    return { directory: base, problems };
  }

  const apis = data.apis === undefined ? base.apis : readList(data.apis, 'apis', readApi, problem);
  const users = readList(data.users, 'users', readUser, problem);
  const clients = readList(data.clients, 'clients', readClient, problem);
  const directory = { apis, users: users.map((u) => expandWildcards(u, apis)), clients };
  problems.push(...checkDirectory(directory).map((message) => `${fileName}: ${message}`));
  return { directory, problems };
}

type Reader<T> = (value: Record<string, unknown>, at: string, problem: (m: string) => void) => T;

function readList<T>(
  value: unknown,
  name: string,
  read: Reader<T>,
  problem: (m: string) => void,
): T[] {
  if (!Array.isArray(value)) {
    problem(`"${name}" must be an array.`);
    return [];
  }
  return value.flatMap((item: unknown, index) => {
    if (!isRecord(item)) {
      problem(`${name}[${index}] must be an object.`);
      return [];
    }
    return [read(item, `${name}[${index}]`, problem)];
  });
}

const readUser: Reader<TestUser> = (value, at, problem) => ({
  key: text(value, 'key', at, problem),
  oid: guid(value, 'oid', at, problem),
  displayName: text(value, 'displayName', at, problem),
  username: text(value, 'username', at, problem),
  consentedScopes: listsById(value, 'consentedScopes', at, problem),
  appRoles: listsById(value, 'appRoles', at, problem),
});

const readClient: Reader<ClientApp> = (value, at, problem) => ({
  clientId: guid(value, 'clientId', at, problem),
  displayName: text(value, 'displayName', at, problem),
  redirectUris: texts(value, 'redirectUris', at, problem),
  postLogoutRedirectUris:
    value.postLogoutRedirectUris === undefined
      ? []
      : texts(value, 'postLogoutRedirectUris', at, problem),
});

const readApi: Reader<ApiApp> = (value, at, problem) => {
  const clientId = guid(value, 'clientId', at, problem);
  return {
    clientId,
    displayName: text(value, 'displayName', at, problem),
    applicationIdUri: `api://${clientId}`,
    scopes: texts(value, 'scopes', at, problem),
    appRoles: value.appRoles === undefined ? [] : texts(value, 'appRoles', at, problem),
  };
};

function expandWildcards(user: TestUser, apis: readonly ApiApp[]): TestUser {
  const consentedScopes = Object.fromEntries(
    Object.entries(user.consentedScopes).map(([apiId, scopes]) => [
      apiId,
      scopes.includes('*') ? (apis.find((a) => a.clientId === apiId)?.scopes ?? []) : scopes,
    ]),
  );
  return { ...user, consentedScopes };
}

function text(
  value: Record<string, unknown>,
  name: string,
  at: string,
  problem: (m: string) => void,
): string {
  const field = value[name];
  if (typeof field === 'string' && field.trim() !== '') return field.trim();
  problem(`${at}.${name} must be a non-empty string.`);
  return '';
}

function guid(
  value: Record<string, unknown>,
  name: string,
  at: string,
  problem: (m: string) => void,
): string {
  const id = text(value, name, at, problem);
  if (id !== '' && !isGuid(id)) problem(`${at}.${name} must be a GUID (got "${id}").`);
  return id.toLowerCase();
}

function texts(
  value: Record<string, unknown>,
  name: string,
  at: string,
  problem: (m: string) => void,
): string[] {
  const field = value[name];
  if (Array.isArray(field) && field.every((item) => typeof item === 'string')) return field;
  problem(`${at}.${name} must be an array of strings.`);
  return [];
}

function listsById(
  value: Record<string, unknown>,
  name: string,
  at: string,
  problem: (m: string) => void,
): Record<string, string[]> {
  const field = value[name];
  if (field === undefined) return {};
  if (!isRecord(field)) {
    problem(`${at}.${name} must be an object of arrays, keyed by API client ID.`);
    return {};
  }
  return Object.fromEntries(
    Object.keys(field).map((apiId) => [
      apiId.toLowerCase(),
      texts(field, apiId, `${at}.${name}`, problem),
    ]),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The API's permissions: delegated scopes (in an access token's `scp`) and app roles
 * (in its `roles`). Every other part of Pixy imports these names; none spells them.
 */

/** Delegated permissions the API exposes, as they appear in `scp`. */
export const Scopes = {
  /** Read the signed-in user's tasks. */
  TasksRead: 'Tasks.Read',
  /** Create, change and delete the signed-in user's tasks. */
  TasksReadWrite: 'Tasks.ReadWrite',
} as const;

export type Scope = (typeof Scopes)[keyof typeof Scopes];

/** Every scope the API exposes, in a stable order. */
export const allScopes: readonly Scope[] = Object.freeze(Object.values(Scopes));

/** App roles the API defines, as they appear in `roles`. Assigned to users by an admin. */
export const AppRoles = {
  /** Read every user's tasks. */
  TasksAdmin: 'Tasks.Admin',
} as const;

export type AppRole = (typeof AppRoles)[keyof typeof AppRoles];

/** Every app role the API defines, in a stable order. */
export const allAppRoles: readonly AppRole[] = Object.freeze(Object.values(AppRoles));

/** What an app registration shows for a scope on the consent screen. */
export interface ScopeDefinition {
  readonly adminConsentDisplayName: string;
  readonly adminConsentDescription: string;
  readonly userConsentDisplayName: string;
  readonly userConsentDescription: string;
}

/** What an app registration shows for an app role. */
export interface AppRoleDefinition {
  readonly displayName: string;
  readonly description: string;
}

/**
 * Consent texts for each scope. The emulator shows them and the Entra setup script
 * registers them, so a new scope needs an entry here and nowhere else.
 */
export const scopeDefinitions: Readonly<Record<Scope, ScopeDefinition>> = {
  [Scopes.TasksRead]: {
    adminConsentDisplayName: 'Read users’ tasks',
    adminConsentDescription: 'Allows the app to read the signed-in user’s tasks.',
    userConsentDisplayName: 'Read your tasks',
    userConsentDescription: 'Allows the app to read your tasks.',
  },
  [Scopes.TasksReadWrite]: {
    adminConsentDisplayName: 'Read and write users’ tasks',
    adminConsentDescription:
      'Allows the app to create, change and delete the signed-in user’s tasks.',
    userConsentDisplayName: 'Read and write your tasks',
    userConsentDescription: 'Allows the app to create, change and delete your tasks.',
  },
};

/** Display texts for each app role. */
export const appRoleDefinitions: Readonly<Record<AppRole, AppRoleDefinition>> = {
  [AppRoles.TasksAdmin]: {
    displayName: 'Tasks administrator',
    description: 'Can read every user’s tasks.',
  },
};

/** The API's application ID URI, the prefix of its scopes: `api://<API_CLIENT_ID>`. */
export function applicationIdUri(apiClientId: string): string {
  const id = apiClientId.trim();
  if (id === '') throw new TypeError('applicationIdUri: the API client ID is empty');
  return `api://${id}`;
}

/**
 * The full scope a client requests from Entra ID, e.g. `api://<API_CLIENT_ID>/Tasks.Read`.
 * Access tokens carry only the short name (`Tasks.Read`) in `scp`.
 */
export function scopeUri(apiClientId: string, scope: Scope): string {
  return `${applicationIdUri(apiClientId)}/${scope}`;
}

/** Whether a string is one of the scopes the API exposes (exact, case-sensitive). */
export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (allScopes as readonly string[]).includes(value);
}

/** Whether a string is one of the app roles the API defines (exact, case-sensitive). */
export function isAppRole(value: unknown): value is AppRole {
  return typeof value === 'string' && (allAppRoles as readonly string[]).includes(value);
}

/**
 * The API's permissions: delegated scopes (in a user token's `scp`), app roles assigned to
 * users and application permissions granted to client apps (both in a token's `roles`).
 * Every other part of Pixy imports these names; none spells them.
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

/**
 * App roles for users (`allowedMemberTypes: ["User"]`), as they appear in a user token's
 * `roles`. Assigned to users by an admin.
 */
export const AppRoles = {
  /** Read every user's tasks. */
  TasksAdmin: 'Tasks.Admin',
} as const;

export type AppRole = (typeof AppRoles)[keyof typeof AppRoles];

/** Every user app role the API defines, in a stable order. */
export const allAppRoles: readonly AppRole[] = Object.freeze(Object.values(AppRoles));

/**
 * Application permissions (app roles with `allowedMemberTypes: ["Application"]`), as they
 * appear in an app-only token's `roles`: granted to a client app (a daemon) by admin
 * consent, used with the client credentials grant, never held by a signed-in user.
 */
export const AppPermissions = {
  /** Read every user's tasks, with no user signed in. */
  TasksReadAll: 'Tasks.Read.All',
} as const;

export type AppPermission = (typeof AppPermissions)[keyof typeof AppPermissions];

/** Every application permission the API defines, in a stable order. */
export const allAppPermissions: readonly AppPermission[] = Object.freeze(
  Object.values(AppPermissions),
);

/** What an app registration shows for a scope on the consent screen. */
export interface ScopeDefinition {
  readonly adminConsentDisplayName: string;
  readonly adminConsentDescription: string;
  readonly userConsentDisplayName: string;
  readonly userConsentDescription: string;
}

/** What an app registration shows for an app role or an application permission. */
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

/** Display texts for each application permission. */
export const appPermissionDefinitions: Readonly<Record<AppPermission, AppRoleDefinition>> = {
  [AppPermissions.TasksReadAll]: {
    displayName: 'Read all tasks (as an application)',
    description: 'Allows the app to read every user’s tasks without a signed-in user.',
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

/** Whether a string is one of the user app roles the API defines (exact, case-sensitive). */
export function isAppRole(value: unknown): value is AppRole {
  return typeof value === 'string' && (allAppRoles as readonly string[]).includes(value);
}

/** Whether a string is one of the application permissions the API defines (exact). */
export function isAppPermission(value: unknown): value is AppPermission {
  return typeof value === 'string' && (allAppPermissions as readonly string[]).includes(value);
}

/**
 * The `.default` scope a confidential client requests for the client credentials grant:
 * `api://<API_CLIENT_ID>/.default` (every application permission it was granted).
 */
export function defaultScopeUri(apiClientId: string): string {
  return `${applicationIdUri(apiClientId)}/.default`;
}

/**
 * Microsoft Graph, the downstream API the API calls on the user's behalf
 * (docs/downstream-apis.md). The emulator declares its own copy: it is publishable alone.
 */
export const MicrosoftGraph = {
  /** Graph's application ID: the `aud` of tokens for Graph, its `resourceAppId`. */
  appId: '00000003-0000-0000-c000-000000000000',
  /** Graph's resource URI: its scopes are requested as `<resource>/<scope>`. */
  resource: 'https://graph.microsoft.com',
  /** The delegated permission the API uses: read the signed-in user's profile. */
  UserRead: {
    value: 'User.Read',
    /** Its permission ID, the same in every tenant (a registration's requiredResourceAccess). */
    id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
  },
} as const;

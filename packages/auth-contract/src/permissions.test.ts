import { describe, expect, it } from 'vitest';
import {
  AppPermissions,
  AppRoles,
  Scopes,
  allAppPermissions,
  allAppRoles,
  allScopes,
  appPermissionDefinitions,
  appRoleDefinitions,
  applicationIdUri,
  defaultScopeUri,
  isAppPermission,
  isAppRole,
  isScope,
  scopeDefinitions,
  scopeUri,
} from './permissions.js';

const apiClientId = '6c8d0e2f-4a6b-4c8d-9e0f-1a2b3c4d5e6f';

describe('scope and role names', () => {
  it('names the scopes and the app role the API exposes', () => {
    expect(allScopes).toEqual(['Tasks.Read', 'Tasks.ReadWrite']);
    expect(allAppRoles).toEqual(['Tasks.Admin']);
    expect(allAppPermissions).toEqual(['Tasks.Read.All']);
  });

  it('never gives a user role and an application permission the same name', () => {
    // A shared name would let a user role pass an app-only check (or the reverse).
    for (const role of allAppRoles) expect(isAppPermission(role)).toBe(false);
    for (const permission of allAppPermissions) expect(isAppRole(permission)).toBe(false);
  });

  it('has consent texts for every scope and display texts for every role', () => {
    for (const scope of allScopes) {
      expect(scopeDefinitions[scope].userConsentDisplayName).not.toBe('');
      expect(scopeDefinitions[scope].adminConsentDescription).not.toBe('');
    }
    for (const role of allAppRoles) expect(appRoleDefinitions[role].displayName).not.toBe('');
    for (const permission of allAppPermissions) {
      expect(appPermissionDefinitions[permission].displayName).not.toBe('');
    }
  });

  it('cannot be changed at run time', () => {
    expect(() => (allScopes as string[]).push('Tasks.Everything')).toThrow(TypeError);
  });
});

describe('scopeUri', () => {
  it('builds the full scope a client requests', () => {
    expect(scopeUri(apiClientId, Scopes.TasksRead)).toBe(`api://${apiClientId}/Tasks.Read`);
    expect(applicationIdUri(apiClientId)).toBe(`api://${apiClientId}`);
  });

  it('builds the .default scope of the client credentials grant', () => {
    expect(defaultScopeUri(apiClientId)).toBe(`api://${apiClientId}/.default`);
  });

  it('refuses an empty API client ID instead of building api:///Tasks.Read', () => {
    expect(() => scopeUri(' ', Scopes.TasksRead)).toThrow(/API client ID is empty/);
  });
});

describe('isScope and isAppRole', () => {
  it('accept the exact names only', () => {
    expect(isScope('Tasks.ReadWrite')).toBe(true);
    expect(isScope('tasks.readwrite')).toBe(false);
    expect(isScope('Tasks.ReadWriteX')).toBe(false);
    expect(isScope(Scopes)).toBe(false);
    expect(isAppRole(AppRoles.TasksAdmin)).toBe(true);
    expect(isAppRole('Tasks.Admin ')).toBe(false);
    expect(isAppRole(undefined)).toBe(false);
    expect(isAppPermission(AppPermissions.TasksReadAll)).toBe(true);
    expect(isAppPermission('tasks.read.all')).toBe(false);
  });
});

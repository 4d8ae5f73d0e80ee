import { describe, expect, it } from 'vitest';
import { hasAnyRole, hasAnyScope, readRoles, readScopes } from './claim-readers.js';
import { AppRoles, Scopes } from './permissions.js';

describe('readScopes', () => {
  it('splits scp on spaces', () => {
    expect(readScopes({ scp: 'Tasks.Read Tasks.ReadWrite' })).toEqual([
      'Tasks.Read',
      'Tasks.ReadWrite',
    ]);
  });

  it('ignores repeated spaces', () => {
    expect(readScopes({ scp: ' Tasks.Read  Tasks.ReadWrite ' })).toEqual([
      'Tasks.Read',
      'Tasks.ReadWrite',
    ]);
  });

  it('grants nothing when scp is missing or not a string', () => {
    expect(readScopes({})).toEqual([]);
    expect(readScopes({ scp: ['Tasks.Read'] })).toEqual([]);
    expect(readScopes({ scp: 42 })).toEqual([]);
    expect(readScopes({ scp: null })).toEqual([]);
  });
});

describe('readRoles', () => {
  it('reads an array of strings', () => {
    expect(readRoles({ roles: ['Tasks.Admin'] })).toEqual(['Tasks.Admin']);
  });

  it('does not treat a string roles claim as a list of roles', () => {
    expect(readRoles({ roles: 'Tasks.Admin' })).toEqual([]);
  });

  it('drops members that are not strings', () => {
    expect(readRoles({ roles: ['Tasks.Admin', 7, { name: 'x' }, ''] })).toEqual(['Tasks.Admin']);
  });
});

describe('hasAnyScope', () => {
  it('is satisfied by any one of the required scopes', () => {
    const claims = { scp: 'Tasks.Read' };
    expect(hasAnyScope(claims, [Scopes.TasksRead, Scopes.TasksReadWrite])).toBe(true);
    expect(hasAnyScope(claims, [Scopes.TasksReadWrite])).toBe(false);
  });

  it('never matches a substring, prefix or other case', () => {
    expect(hasAnyScope({ scp: 'Tasks.ReadWriteX' }, [Scopes.TasksReadWrite])).toBe(false);
    expect(hasAnyScope({ scp: 'Tasks.ReadWrite' }, [Scopes.TasksRead])).toBe(false);
    expect(hasAnyScope({ scp: 'XTasks.Read' }, [Scopes.TasksRead])).toBe(false);
    expect(hasAnyScope({ scp: 'tasks.read' }, [Scopes.TasksRead])).toBe(false);
    expect(hasAnyScope({ scp: 'Tasks.Read,Tasks.ReadWrite' }, [Scopes.TasksRead])).toBe(false);
  });

  it('is never satisfied by an empty requirement', () => {
    expect(hasAnyScope({ scp: 'Tasks.Read' }, [])).toBe(false);
  });
});

describe('hasAnyRole', () => {
  it('matches exact role names in an array', () => {
    expect(hasAnyRole({ roles: ['Tasks.Admin'] }, [AppRoles.TasksAdmin])).toBe(true);
  });

  it('never matches a substring, a string claim, or a role in scp', () => {
    expect(hasAnyRole({ roles: ['Tasks.AdminX'] }, [AppRoles.TasksAdmin])).toBe(false);
    expect(hasAnyRole({ roles: ['Tasks'] }, [AppRoles.TasksAdmin])).toBe(false);
    expect(hasAnyRole({ roles: 'Tasks.Admin' }, [AppRoles.TasksAdmin])).toBe(false);
    expect(hasAnyRole({ scp: 'Tasks.Admin' } as { roles?: unknown }, [AppRoles.TasksAdmin])).toBe(
      false,
    );
  });
});

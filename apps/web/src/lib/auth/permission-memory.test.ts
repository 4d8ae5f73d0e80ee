import { Scopes } from '@pixy/auth-contract';
import { describe, expect, it, vi } from 'vitest';
import { PermissionMemory } from './permission-memory';

describe('PermissionMemory', () => {
  it('survives a reload (sessionStorage) and keeps accounts apart', () => {
    new PermissionMemory(sessionStorage).deny('riley', Scopes.TasksReadWrite);

    const reloaded = new PermissionMemory(sessionStorage);
    expect(reloaded.isDenied('riley', Scopes.TasksReadWrite)).toBe(true);
    expect(reloaded.isDenied('alice', Scopes.TasksReadWrite)).toBe(false);
    expect(reloaded.isDenied('riley', Scopes.TasksRead)).toBe(false);
  });

  it('forgets everything on clear (sign-out) and tells subscribers', () => {
    const memory = new PermissionMemory(sessionStorage);
    memory.deny('riley', Scopes.TasksReadWrite);
    const listener = vi.fn();
    memory.subscribe(listener);

    memory.clear();

    expect(memory.isDenied('riley', Scopes.TasksReadWrite)).toBe(false);
    expect(listener).toHaveBeenCalled();
    expect(new PermissionMemory(sessionStorage).isDenied('riley', Scopes.TasksReadWrite)).toBe(
      false,
    );
  });

  it('ignores stored values that are not scopes of the contract', () => {
    sessionStorage.setItem('pixy.permissions', '{"denied":{"riley":["Tasks.Everything"]}}');
    expect(new PermissionMemory(sessionStorage).isDenied('riley', Scopes.TasksReadWrite)).toBe(
      false,
    );
  });
});

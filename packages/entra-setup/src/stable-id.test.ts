import { describe, expect, it } from 'vitest';
import { appRoleId, scopeId, uuidV5 } from './stable-id.js';

describe('uuidV5', () => {
  it('matches the RFC 9562 algorithm (Python: uuid5(NAMESPACE_DNS, "python.org"))', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    );
  });

  it('rejects a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(/not a UUID/);
  });
});

describe('permission GUIDs', () => {
  const api = '11111111-2222-4333-8444-555555555555';

  it('are the same on every run, so re-running the setup does not re-key a scope', () => {
    expect(scopeId(api, 'Tasks.Read')).toBe(scopeId(api, 'Tasks.Read'));
    expect(scopeId(api, 'Tasks.Read')).toBe(scopeId(api.toUpperCase(), 'Tasks.Read'));
  });

  it('differ between permissions, between scopes and roles, and between APIs', () => {
    const ids = [
      scopeId(api, 'Tasks.Read'),
      scopeId(api, 'Tasks.ReadWrite'),
      appRoleId(api, 'Tasks.Read'),
      scopeId('99999999-2222-4333-8444-555555555555', 'Tasks.Read'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

// authorize(): which caller passes which route rules. Users and applications are told
// apart; requirements are "any of", exact matches.
import { AppPermissions, AppRoles, Scopes } from '@pixy/auth-contract';
import { describe, expect, it } from 'vitest';
import { ProblemException } from '../errors/problem.js';
import type { RouteRules } from './authorization.decorators.js';
import { authorize } from './permissions.guard.js';
import type { Principal } from './principal.js';

const apiClientId = '6c8d0e2f-4a6b-4c8d-9e0f-1a2b3c4d5e6f';
const options = {
  apiClientId,
  authority: 'https://login.microsoftonline.com/9f1c2b3a-7d4e-4c5b-8a69-0e1f2a3b4c5d',
  stepUpContext: 'c1',
};

const caller = (kind: Principal['kind'], scopes: string[], roles: string[] = []): Principal => ({
  kind,
  oid: 'oid',
  tid: 'tid',
  clientId: 'client',
  name: undefined,
  preferredUsername: undefined,
  scopes,
  roles,
  authContexts: [],
  clientCapabilities: [],
});

const callers = {
  reader: caller('user', [Scopes.TasksRead]),
  writer: caller('user', [Scopes.TasksReadWrite]),
  lookalike: caller('user', ['Tasks.ReadWriteX', 'tasks.read']),
  admin: caller('user', [Scopes.TasksRead], [AppRoles.TasksAdmin]),
  userWithAppPermission: caller('user', [Scopes.TasksRead], [AppPermissions.TasksReadAll]),
  daemon: caller('app', [], [AppPermissions.TasksReadAll]),
  daemonWithUserRole: caller('app', [], [AppRoles.TasksAdmin]),
  capableWriter: { ...caller('user', [Scopes.TasksReadWrite]), clientCapabilities: ['cp1'] },
  steppedUpWriter: { ...caller('user', [Scopes.TasksReadWrite]), authContexts: ['c1'] },
};

const rules = (changes: Partial<RouteRules> = {}): RouteRules => ({
  isPublic: false,
  scopes: undefined,
  roles: undefined,
  appPermissions: undefined,
  stepUp: false,
  ...changes,
});

const routes = {
  me: rules(),
  listTasks: rules({ scopes: [Scopes.TasksRead, Scopes.TasksReadWrite] }),
  createTask: rules({ scopes: [Scopes.TasksReadWrite] }),
  adminTasks: rules({
    roles: [AppRoles.TasksAdmin],
    appPermissions: [AppPermissions.TasksReadAll],
  }),
  appsOnly: rules({ appPermissions: [AppPermissions.TasksReadAll] }),
  deleteAll: rules({ scopes: [Scopes.TasksReadWrite], stepUp: true }),
};

function outcome(who: keyof typeof callers, route: keyof typeof routes): string {
  try {
    authorize(callers[who], routes[route], options);
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    const problem = error as ProblemException;
    if (problem.status === 401) return problem.body.code; // a claims challenge: tested below
    expect(problem.status).toBe(403);
    expect(problem.headers['www-authenticate']).toMatch(/^Bearer error="insufficient_scope"/);
    return problem.body.code;
  }
}

describe('authorize', () => {
  it('lets any signed-in user call a route without requirements, never an app', () => {
    expect(outcome('reader', 'me')).toBe('ok');
    expect(outcome('daemon', 'me')).toBe('user_token_required');
  });

  it('takes any one of the listed scopes, matched exactly', () => {
    expect(outcome('reader', 'listTasks')).toBe('ok');
    expect(outcome('writer', 'listTasks')).toBe('ok');
    expect(outcome('reader', 'createTask')).toBe('insufficient_scope');
    expect(outcome('lookalike', 'listTasks')).toBe('insufficient_scope');
  });

  it('names the scope URIs to request in the challenge', () => {
    try {
      authorize(callers.reader, routes.createTask, options);
    } catch (error) {
      expect((error as ProblemException).headers['www-authenticate']).toContain(
        `scope="api://${apiClientId}/${Scopes.TasksReadWrite}"`,
      );
      expect((error as ProblemException).body.requiredScopes).toEqual([Scopes.TasksReadWrite]);
    }
    expect.assertions(2);
  });

  it('never lets an app pass a scope or user-role requirement', () => {
    expect(outcome('daemon', 'listTasks')).toBe('user_token_required');
    expect(outcome('daemonWithUserRole', 'adminTasks')).toBe('missing_app_permission');
  });

  it('accepts either caller on a route that lists both, each by its own rule', () => {
    expect(outcome('admin', 'adminTasks')).toBe('ok');
    expect(outcome('daemon', 'adminTasks')).toBe('ok');
    expect(outcome('reader', 'adminTasks')).toBe('missing_role');
    expect(outcome('userWithAppPermission', 'adminTasks')).toBe('missing_role');
  });

  it('refuses users on a route for applications only', () => {
    expect(outcome('admin', 'appsOnly')).toBe('app_token_required');
    expect(outcome('daemon', 'appsOnly')).toBe('ok');
  });

  it('asks for the step-up context with a claims challenge, from clients that can answer one', () => {
    expect(outcome('steppedUpWriter', 'deleteAll')).toBe('ok');
    expect(outcome('writer', 'deleteAll')).toBe('claims_challenge_unsupported');
    expect(outcome('capableWriter', 'deleteAll')).toBe('insufficient_claims');
    expect(outcome('reader', 'deleteAll')).toBe('insufficient_scope');
  });

  it('shapes the claims challenge as Entra documents it', () => {
    try {
      authorize(callers.capableWriter, routes.deleteAll, options);
    } catch (error) {
      const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
      expect((error as ProblemException).headers['www-authenticate']).toBe(
        `Bearer realm="", authorization_uri="${options.authority}/oauth2/v2.0/authorize", ` +
          `client_id="${apiClientId}", error="insufficient_claims", ` +
          `claims="${Buffer.from(claims).toString('base64')}", cc_type="authcontext"`,
      );
      expect((error as ProblemException).body).toMatchObject({ status: 401, claims });
    }
    expect.assertions(2);
  });
});

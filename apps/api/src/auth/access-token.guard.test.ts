// The global guard on its own, through Nest's DI: which routes need a token, and how
// @RequireScopes / @RequireRoles decide (any of, exact). Token validation is stubbed here;
// the integration tests run the real one.
import { AppRoles, Scopes } from '@pixy/auth-contract';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { Test } from '@nestjs/testing';
import passport from 'passport';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProblemException } from '../errors/problem.js';
import { AccessTokenGuard } from './access-token.guard.js';
import { Public, RequireRoles, RequireScopes } from './authorization.decorators.js';
import { EntraJwtStrategy } from './entra-jwt.strategy.js';
import type { Principal } from './principal.js';
import { TokenRejection } from './token-rejection.js';
import { TokenValidation } from './token-validation.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

const apiClientId = '6c8d0e2f-4a6b-4c8d-9e0f-1a2b3c4d5e6f';

function principal(scopes: string[], roles: string[] = []): Principal {
  return { oid: 'oid', tid: 'tid', name: undefined, preferredUsername: undefined, scopes, roles };
}

const principals: Record<string, Principal> = {
  reader: principal([Scopes.TasksRead]),
  writer: principal([Scopes.TasksReadWrite]),
  lookalike: principal(['Tasks.ReadWriteX', 'tasks.read']),
  admin: principal([], [AppRoles.TasksAdmin]),
};

/** Accepts the tokens named in `principals`, rejects the rest as validation would. */
class StubStrategy extends passport.Strategy {
  override authenticate(
    this: passport.StrategyCreated<this>,
    req: { headers: { authorization?: string } },
  ) {
    const found = principals[(req.headers.authorization ?? '').replace(/^Bearer /, '')];
    if (found) this.success(found);
    else this.fail(new TokenRejection('invalid_signature', 'bad signature'), 401);
  }
}

class Routes {
  @Public()
  health() {}
  me() {}
  @RequireScopes(Scopes.TasksRead, Scopes.TasksReadWrite)
  listTasks() {}
  @RequireScopes(Scopes.TasksReadWrite)
  createTask() {}
  @RequireRoles(AppRoles.TasksAdmin)
  adminTasks() {}
}

let guard: AccessTokenGuard;
const verifiedTokens = new VerifiedTokenCache<Principal>(10);

beforeAll(async () => {
  const validation = {
    verifiedTokens,
    audiences: [apiClientId, `api://${apiClientId}`],
    explain: (failure: unknown) => failure,
  };
  const module = await Test.createTestingModule({
    providers: [
      Reflector,
      AccessTokenGuard,
      { provide: TokenValidation, useValue: validation },
      { provide: EntraJwtStrategy, useValue: new StubStrategy() },
    ],
  }).compile();
  guard = module.get(AccessTokenGuard);
});

async function outcome(
  route: keyof Routes,
  authorization?: string,
): Promise<number | ProblemException> {
  const request = { headers: authorization === undefined ? {} : { authorization } };
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only its metadata is read
  const handler = Routes.prototype[route];
  const context = new ExecutionContextHost([request, {}], Routes, handler);
  try {
    return (await guard.canActivate(context)) ? 200 : 0;
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
}

async function status(route: keyof Routes, authorization?: string): Promise<number> {
  const result = await outcome(route, authorization);
  return typeof result === 'number' ? result : result.status;
}

describe('AccessTokenGuard', () => {
  it('lets @Public() routes through without a token', async () => {
    expect(await status('health')).toBe(200);
  });

  it('protects every other route by default', async () => {
    const result = await outcome('me');
    expect(result).toBeInstanceOf(ProblemException);
    expect((result as ProblemException).headers['www-authenticate']).toBe('Bearer');
    expect(await status('me', 'Bearer reader')).toBe(200);
  });

  it('answers invalid_token for a token that fails validation', async () => {
    const result = (await outcome('me', 'Bearer forged')) as ProblemException;
    expect(result.status).toBe(401);
    expect(result.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
  });

  it('accepts a token from the verified-token cache without running the strategy', async () => {
    verifiedTokens.set('remembered', principal([Scopes.TasksRead]), Date.now() + 60_000);
    expect(await status('listTasks', 'Bearer remembered')).toBe(200);
    expect(await status('createTask', 'Bearer remembered')).toBe(403); // still authorized per route
    verifiedTokens.clear();
    expect(await status('listTasks', 'Bearer remembered')).toBe(401);
  });

  it('accepts any one of the scopes a route lists', async () => {
    expect(await status('listTasks', 'Bearer reader')).toBe(200);
    expect(await status('listTasks', 'Bearer writer')).toBe(200);
  });

  it('refuses lookalike scopes and names the missing scope as a full URI', async () => {
    const result = (await outcome('createTask', 'Bearer lookalike')) as ProblemException;
    expect(result.status).toBe(403);
    expect(result.headers['www-authenticate']).toContain(
      `scope="api://${apiClientId}/${Scopes.TasksReadWrite}"`,
    );
    expect(await status('createTask', 'Bearer reader')).toBe(403);
  });

  it('checks app roles against roles, not scp', async () => {
    expect(await status('adminTasks', 'Bearer admin')).toBe(200);
    const result = (await outcome('adminTasks', 'Bearer writer')) as ProblemException;
    expect(result.status).toBe(403);
    expect(result.body.detail).toContain(AppRoles.TasksAdmin);
  });
});

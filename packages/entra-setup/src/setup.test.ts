import { parseEnv } from 'node:util';
import {
  AppPermissions,
  AppRoles,
  allAppPermissions,
  allAppRoles,
  allScopes,
  appPermissionDefinitions,
  appRoleDefinitions,
  scopeDefinitions,
} from '@pixy/auth-contract';
import { localDefaults } from '@pixy/config';
import { describe, expect, it } from 'vitest';
import { installUrl } from './az-cli.js';
import { appRoleId, scopeId } from './stable-id.js';
import { FakeTenant, verb } from '../test-support/fake-tenant.js';

const envBefore = [
  '# my local settings',
  'DATABASE_URL=memory://',
  `SPA_CLIENT_ID=${localDefaults.SPA_CLIENT_ID}`,
  'CORS_ORIGINS=https://localhost:5173',
  '',
].join('\n');

// Each run starts the stand-in az (a Node process) about twenty times: allow for a busy machine.
describe('pnpm entra:setup against a stand-in az', { timeout: 60_000 }, () => {
  it('creates the API, SPA, OpenAPI UI and daemon registrations from the auth contract', async () => {
    const fake = new FakeTenant();
    const run = await fake.setup();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const api = fake.app('Pixy API');
    expect(api.signInAudience).toBe('AzureADMyOrg');
    expect(api.identifierUris).toEqual([`api://${api.appId}`]);
    expect(api.api?.requestedAccessTokenVersion).toBe(2);
    expect(api.api?.oauth2PermissionScopes).toEqual(
      allScopes.map((value) => ({
        id: scopeId(api.appId, value),
        value,
        type: 'User',
        isEnabled: true,
        ...scopeDefinitions[value],
      })),
    );
    expect(api.appRoles).toEqual([
      ...allAppRoles.map((value) => ({
        id: appRoleId(api.appId, value),
        value,
        allowedMemberTypes: ['User'],
        isEnabled: true,
        ...appRoleDefinitions[value],
      })),
      // Application permissions: granted to client apps (daemons), never to users.
      ...allAppPermissions.map((value) => ({
        id: appRoleId(api.appId, value),
        value,
        allowedMemberTypes: ['Application'],
        isEnabled: true,
        ...appPermissionDefinitions[value],
      })),
    ]);
    const scopeIds = allScopes.map((value) => scopeId(api.appId, value));

    const spa = fake.app('Pixy SPA');
    expect(spa.spa?.redirectUris).toEqual([
      'https://localhost:5173/',
      'https://localhost:5173/redirect.html',
    ]);
    expect(spa.web?.redirectUris).toEqual([]);
    const openApi = fake.app('Pixy OpenAPI UI');
    expect(openApi.spa?.redirectUris).toEqual(['http://localhost:3000/docs/oauth2-redirect.html']);
    for (const client of [spa, openApi]) {
      expect(client.signInAudience).toBe('AzureADMyOrg');
      expect(client.requiredResourceAccess).toEqual([
        { resourceAppId: api.appId, resourceAccess: scopeIds.map((id) => ({ id, type: 'Scope' })) },
      ]);
    }
    expect(api.api?.preAuthorizedApplications).toEqual([
      { appId: spa.appId, delegatedPermissionIds: scopeIds },
      { appId: openApi.appId, delegatedPermissionIds: scopeIds },
    ]);
    expect(api.api?.knownClientApplications).toEqual([spa.appId, openApi.appId]);
    expect(
      fake
        .tenant()
        .sps.map((sp) => sp.appId)
        .sort(),
    ).toEqual([api.appId, spa.appId, openApi.appId, fake.app('Pixy daemon').appId].sort());

    // The API reads idtyp, xms_cc and acct, and calls Microsoft Graph (User.Read) on-behalf-of.
    expect(api.optionalClaims?.accessToken?.map((claim) => claim.name)).toEqual([
      'idtyp',
      'xms_cc',
      'acct',
    ]);
    expect(api.requiredResourceAccess).toEqual([
      {
        resourceAppId: '00000003-0000-0000-c000-000000000000',
        resourceAccess: [{ id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' }],
      },
    ]);
    // The daemon asks for Tasks.Read.All, and an administrator granted it (app role assignment).
    const daemon = fake.app('Pixy daemon');
    const readAll = appRoleId(api.appId, AppPermissions.TasksReadAll);
    expect(daemon.requiredResourceAccess).toEqual([
      { resourceAppId: api.appId, resourceAccess: [{ id: readAll, type: 'Role' }] },
    ]);
    const daemonSp = fake.tenant().sps.find((sp) => sp.appId === daemon.appId)!;
    const apiSp = fake.tenant().sps.find((sp) => sp.appId === api.appId)!;
    expect(fake.tenant().assignments).toEqual([
      expect.objectContaining({
        principalId: daemonSp.id,
        resourceId: apiSp.id,
        appRoleId: readAll,
      }),
    ]);
  });

  it('makes the documented az calls, each asking for JSON output', async () => {
    const fake = new FakeTenant();
    await fake.setup();
    const calls = fake.calls();
    expect(calls.map(verb)).toEqual([
      'account show',
      'ad app list',
      'ad app create',
      'ad sp list',
      'ad sp create',
      'ad app update', // identifier URI
      'rest PATCH', // scopes, v2.0 tokens
      'ad app update', // app roles
      'rest PATCH', // optional claims
      'ad app update', // Microsoft Graph User.Read
      'ad app credential reset', // the API's secret
      'ad app list',
      'ad app create',
      'ad sp list',
      'ad sp create',
      'rest PATCH', // SPA redirect URIs
      'ad app update', // API permissions
      'ad app list',
      'ad app create',
      'ad sp list',
      'ad sp create',
      'rest PATCH',
      'ad app update',
      'rest PATCH', // pre-authorized and known clients
      'ad app list', // the daemon
      'ad app create',
      'ad sp list',
      'ad sp create',
      'ad app update', // its API permission
      'rest GET', // granted already?
      'rest POST', // admin consent
      'ad app credential reset', // its secret
    ]);
    for (const call of calls) expect(call.args.slice(-2)).toEqual(['--output', 'json']);
    expect(calls[1]!.args).toContain("displayName eq 'Pixy API'");
    expect(calls[2]!.args).toEqual(
      expect.arrayContaining(['--display-name', 'Pixy API', '--sign-in-audience', 'AzureADMyOrg']),
    );
    const patches = calls.filter((call) => verb(call) === 'rest PATCH');
    for (const call of patches) {
      expect(call.args).toEqual(
        expect.arrayContaining(['--headers', 'Content-Type=application/json']),
      );
    }
  });

  it('writes the tenant and client IDs to .env, keeping unrelated lines', async () => {
    const fake = new FakeTenant();
    fake.writeEnv(envBefore);
    const run = await fake.setup();
    expect(run.code).toBe(0);
    const text = fake.readEnv();
    const values = parseEnv(text);
    const tenantId = fake.tenant().tenantId;
    expect(values).toEqual({
      DATABASE_URL: 'memory://',
      CORS_ORIGINS: 'https://localhost:5173',
      AUTH_TENANT_ID: tenantId,
      AUTH_AUTHORITY: `https://login.microsoftonline.com/${tenantId}`,
      SPA_CLIENT_ID: fake.app('Pixy SPA').appId,
      API_CLIENT_ID: fake.app('Pixy API').appId,
      OPENAPI_CLIENT_ID: fake.app('Pixy OpenAPI UI').appId,
      DAEMON_CLIENT_ID: fake.app('Pixy daemon').appId,
      API_CLIENT_SECRET: expect.stringMatching(/^fake-secret-/) as string,
      DAEMON_CLIENT_SECRET: expect.stringMatching(/^fake-secret-/) as string,
    });
    expect(text.startsWith('# my local settings\nDATABASE_URL=memory://\nSPA_CLIENT_ID=')).toBe(
      true,
    );
    expect(run.stdout).toMatch(/SPA_CLIENT_ID=\S+ \(updated\)/);
    expect(run.stdout).toMatch(/API_CLIENT_ID=\S+ \(added\)/);
    // The secrets reach .env, never the terminal.
    expect(run.stdout).toMatch(/API_CLIENT_SECRET=<secret, not shown> \(added\)/);
    for (const name of ['API_CLIENT_SECRET', 'DAEMON_CLIENT_SECRET'] as const) {
      expect(run.stdout).not.toContain(values[name]);
      expect(run.stderr).not.toContain(values[name]);
    }
  });

  it('changes nothing when run a second time', async () => {
    const fake = new FakeTenant();
    fake.writeEnv(envBefore);
    await fake.setup();
    const tenant = fake.tenant();
    const env = fake.readEnv();
    fake.clearCalls();

    const again = await fake.setup();
    expect(again.code).toBe(0);
    // Reads only: no write, and no new secret (the ones in .env are kept).
    expect(new Set(fake.calls().map(verb))).toEqual(
      new Set(['account show', 'ad app list', 'ad sp list', 'rest GET']),
    );
    expect(fake.tenant()).toEqual(tenant);
    expect(fake.readEnv()).toBe(env);
    // The second run finds the registrations by the client IDs the first one wrote.
    expect(
      fake.calls().filter((call) => call.args.some((arg) => arg.startsWith('appId eq'))),
    ).not.toHaveLength(0);
  });

  it('keeps what others added to the registrations, and the GUID of an existing scope', async () => {
    const fake = new FakeTenant();
    const api = fake.az('ad', 'app', 'create', '--display-name', 'Pixy API') as {
      id: string;
      appId: string;
    };
    const ownScope = {
      id: '0a0b0c0d-0000-4000-8000-000000000001',
      value: 'Reports.Read',
      type: 'Admin',
      isEnabled: true,
      adminConsentDisplayName: 'Read reports',
      adminConsentDescription: 'Read reports.',
    };
    const oldTasksRead = {
      id: '0a0b0c0d-0000-4000-8000-000000000002',
      value: allScopes[0],
      type: 'Admin',
      isEnabled: true,
      adminConsentDisplayName: 'old text',
      adminConsentDescription: 'old text',
    };
    fake.patchApp(api.id, { api: { oauth2PermissionScopes: [ownScope, oldTasksRead] } });
    const spa = fake.az('ad', 'app', 'create', '--display-name', 'Pixy SPA') as { id: string };
    fake.patchApp(spa.id, {
      spa: { redirectUris: ['https://tasks.contoso.com/'] },
      web: { redirectUris: ['https://localhost:5173/'] },
    });
    fake.clearCalls();

    const run = await fake.setup();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fake.calls().filter((call) => verb(call) === 'ad app create')).toHaveLength(2); // OpenAPI UI and daemon

    const scopes = fake.app('Pixy API').api?.oauth2PermissionScopes ?? [];
    expect(scopes.find((scope) => scope.value === 'Reports.Read')).toEqual(ownScope);
    expect(scopes.find((scope) => scope.value === allScopes[0])).toMatchObject({
      id: oldTasksRead.id,
      type: 'User',
      ...scopeDefinitions[allScopes[0]!],
    });
    const spaNow = fake.app('Pixy SPA');
    expect(spaNow.spa?.redirectUris).toEqual([
      'https://tasks.contoso.com/',
      'https://localhost:5173/',
      'https://localhost:5173/redirect.html',
    ]);
    expect(spaNow.web?.redirectUris).toEqual([]);
    expect(run.stdout).toContain('moving https://localhost:5173/ from the Web platform to SPA');
  });

  it('updates the registrations whose client IDs are in .env, whatever their names', async () => {
    const fake = new FakeTenant();
    const api = fake.az('ad', 'app', 'create', '--display-name', 'Contoso Tasks API') as {
      appId: string;
    };
    fake.writeEnv(`API_CLIENT_ID=${api.appId}\n`);
    const run = await fake.setup(['--spa-url', 'https://tasks.contoso.com']);
    expect(run.code).toBe(0);
    expect(
      fake
        .tenant()
        .apps.map((app) => app.displayName)
        .sort(),
    ).toEqual(['Contoso Tasks API', 'Pixy OpenAPI UI', 'Pixy SPA', 'Pixy daemon']);
    expect(fake.app('Contoso Tasks API').api?.requestedAccessTokenVersion).toBe(2);
    expect(fake.app('Pixy SPA').spa?.redirectUris).toEqual([
      'https://tasks.contoso.com/',
      'https://tasks.contoso.com/redirect.html',
    ]);
    expect(parseEnv(fake.readEnv())).toMatchObject({
      API_CLIENT_ID: api.appId,
      SPA_URL: 'https://tasks.contoso.com',
    });
  });

  it('refuses a client ID in .env that the tenant does not hold', async () => {
    const fake = new FakeTenant();
    const missing = '12345678-1234-4234-8234-123456789abc';
    fake.writeEnv(`SPA_CLIENT_ID=${missing}\n`);
    const run = await fake.setup();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The client ID ${missing} configured for "Pixy SPA"`);
    expect(run.stderr).toContain('is not an app registration in this tenant');
    expect(fake.readEnv()).toBe(`SPA_CLIENT_ID=${missing}\n`);
  });

  it('refuses to guess between two registrations with the same name', async () => {
    const fake = new FakeTenant();
    fake.az('ad', 'app', 'create', '--display-name', 'Pixy API');
    fake.az('ad', 'app', 'create', '--display-name', 'Pixy API');
    fake.clearCalls();
    const run = await fake.setup();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/2 app registrations are named "Pixy API" .*API_CLIENT_ID/s);
    expect(fake.calls().map(verb)).toEqual(['account show', 'ad app list']);
  });

  it('names the registrations after --app-name', async () => {
    const fake = new FakeTenant();
    expect((await fake.setup(['--app-name', 'Acme Tasks'])).code).toBe(0);
    expect(
      fake
        .tenant()
        .apps.map((app) => app.displayName)
        .sort(),
    ).toEqual(['Acme Tasks API', 'Acme Tasks OpenAPI UI', 'Acme Tasks SPA', 'Acme Tasks daemon']);
  });

  it('assigns Tasks.Admin to the signed-in user with --assign-admin, once', async () => {
    const fake = new FakeTenant();
    expect((await fake.setup(['--assign-admin'])).code).toBe(0);
    const api = fake.app('Pixy API');
    const apiSp = fake.tenant().sps.find((sp) => sp.appId === api.appId)!;
    const assignment = {
      appRoleId: appRoleId(api.appId, AppRoles.TasksAdmin),
      principalId: fake.tenant().user.id,
      resourceId: apiSp.id,
    };
    const usersAssignments = () =>
      fake.tenant().assignments.filter((held) => held.principalId === fake.tenant().user.id);
    expect(usersAssignments()).toEqual([expect.objectContaining(assignment)]);
    expect(
      fake
        .calls()
        .find((call) => verb(call) === 'rest POST' && call.files?.['app-role-assignment.json'])
        ?.files,
    ).toEqual({ 'app-role-assignment.json': assignment });

    fake.clearCalls();
    const again = await fake.setup(['--assign-admin']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`You already hold the app role ${AppRoles.TasksAdmin}`);
    expect(fake.calls().map(verb)).not.toContain('rest POST');
    expect(usersAssignments()).toHaveLength(1);
  });
});

describe('pnpm entra:setup while Graph catches up', { timeout: 60_000 }, () => {
  it('registers multi-tenant apps with --multi-tenant, and sets the authority and tenants', async () => {
    const fake = new FakeTenant();
    const partner = 'bbbbbbbb-2222-4333-8444-555555555555';
    fake.writeEnv(`AUTH_ALLOWED_TENANTS=${partner}\n`);
    const run = await fake.setup(['--multi-tenant']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const name of ['Pixy API', 'Pixy SPA', 'Pixy OpenAPI UI']) {
      expect(fake.app(name).signInAudience).toBe('AzureADMultipleOrgs');
    }
    // The daemon asks for tokens in its own tenant only.
    expect(fake.app('Pixy daemon').signInAudience).toBe('AzureADMyOrg');
    const tenantId = fake.tenant().tenantId;
    expect(parseEnv(fake.readEnv())).toMatchObject({
      AUTH_AUTHORITY: 'https://login.microsoftonline.com/organizations',
      AUTH_ALLOWED_TENANTS: `${tenantId},${partner}`,
    });
    expect(run.stdout).toContain(
      `https://login.microsoftonline.com/<partner-tenant-id>/adminconsent?client_id=${fake.app('Pixy SPA').appId}`,
    );
  });

  it('opens existing single-tenant registrations to other tenants with --multi-tenant only', async () => {
    const fake = new FakeTenant();
    await fake.setup();
    expect(fake.app('Pixy API').signInAudience).toBe('AzureADMyOrg');
    fake.clearCalls();
    await fake.setup(['--multi-tenant']);
    expect(fake.app('Pixy API').signInAudience).toBe('AzureADMultipleOrgs');
    expect(fake.calls().filter((call) => call.args.includes('--sign-in-audience'))).toHaveLength(3);
    // Run again without the flag: the audience is left alone (partners keep their access).
    await fake.setup();
    expect(fake.app('Pixy SPA').signInAudience).toBe('AzureADMultipleOrgs');
  });

  it('retries a call about a just-created registration that Graph does not show yet', async () => {
    const fake = new FakeTenant({ FAKE_AZ_REPLICATION_LAG: '1' });
    const run = await fake.setup();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fake.calls().filter((call) => verb(call) === 'ad sp create')).toHaveLength(8);
    expect(fake.tenant().sps).toHaveLength(4);
    expect(run.stdout).toContain(
      'Microsoft Graph does not show the change yet: retrying `az ad sp create',
    );
  });
});

describe('pnpm entra:setup --dry-run', { timeout: 60_000 }, () => {
  it('prints the calls, the scopes and roles of the contract, and the .env lines, and runs nothing', async () => {
    const fake = new FakeTenant();
    fake.writeEnv(envBefore);
    const run = await fake.setup(['--dry-run']);
    expect(run.code).toBe(0);
    expect(fake.calls()).toEqual([]);
    expect(fake.readEnv()).toBe(envBefore);

    expect(run.stdout).toContain('az account show');
    for (const name of ['Pixy API', 'Pixy SPA', 'Pixy OpenAPI UI']) {
      expect(run.stdout).toContain(
        `az ad app create --display-name "${name}" --sign-in-audience AzureADMyOrg`,
      );
    }
    expect(run.stdout).toMatch(
      /az rest --method PATCH --uri "https:\/\/graph\.microsoft\.com\/v1\.0\/applications\//,
    );
    for (const scope of allScopes) expect(run.stdout).toContain(`"value": "${scope}"`);
    for (const role of [...allAppRoles, ...allAppPermissions]) {
      expect(run.stdout).toContain(`"value": "${role}"`);
    }
    const permission = allAppPermissions[0]!.replaceAll('.', '\\.');
    expect(run.stdout).toMatch(
      new RegExp(`"value": "${permission}",\\s+"allowedMemberTypes": \\[\\s+"Application"`),
    );
    expect(run.stdout).toContain('"requestedAccessTokenVersion": 2');
    expect(run.stdout).toContain('https://localhost:5173/redirect.html');
    expect(run.stdout).toContain('AUTH_AUTHORITY=https://login.microsoftonline.com/<tenant-id>');
  });

  it('needs no az at all', async () => {
    const fake = new FakeTenant();
    const run = await fake.setup(['--dry-run'], { PATH: '' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('az ad app create');
  });
});

describe('pnpm entra:setup errors', { timeout: 60_000 }, () => {
  it('says how to install the Azure CLI when az is not on PATH', async () => {
    const fake = new FakeTenant();
    const run = await fake.setup([], { PATH: fake.root });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The Azure CLI ("az") is not installed or not on PATH');
    expect(run.stderr).toContain(installUrl);
    expect(fake.readEnv()).toBe('');
  });

  it('says to run az login when the CLI is signed out', async () => {
    const fake = new FakeTenant({ FAKE_AZ_LOGGED_OUT: '1' });
    const run = await fake.setup();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'The Azure CLI is not signed in. Run `az login --tenant <your-tenant-id> --allow-no-subscriptions`',
    );
    expect(fake.calls().map(verb)).toEqual(['account show']);
  });

  it('rejects an SPA_URL that is not an origin, before calling az', async () => {
    const fake = new FakeTenant();
    const run = await fake.setup(['--spa-url', 'https://tasks.contoso.com/app']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('SPA_URL');
    expect(fake.calls()).toEqual([]);
  });

  it('rejects unknown options with the usage', async () => {
    const fake = new FakeTenant();
    const run = await fake.setup(['--tenant', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: pnpm entra:setup');
  });
});

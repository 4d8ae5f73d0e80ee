// How Pixy runs the emulator: defaults that run the local stack, the production refusal,
// Pixy's tenant built from the contract, and IDP_CONFIG_FILE.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allScopes, AppPermissions, AppRoles, Scopes } from '@pixy/auth-contract';
import { ConfigReader, localDefaults, readStackConfig } from '@pixy/config';
import { microsoftGraph, personalAccountsTenantId, resolveDirectory } from '@pixy/entra-emulator';
import { afterAll, describe, expect, it } from 'vitest';
import { readLocalIdpSettings } from './local-idp-settings.js';
import { fabrikamTenantId } from './pixy-tenant.js';
import { testUserOids } from './test-users.js';

const root = mkdtempSync(join(tmpdir(), 'pixy-local-idp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function read(env: Record<string, string>) {
  const reader = new ConfigReader(env);
  const settings = readLocalIdpSettings(reader, readStackConfig(reader), root);
  reader.finish();
  return settings;
}

function problems(env: Record<string, string>): string {
  expect(() => read(env)).toThrow();
  try {
    read(env);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

const api = localDefaults.API_CLIENT_ID;

describe('readLocalIdpSettings', () => {
  it('runs the local stack with no configuration: port 8443, .data/idp, dev controls off', () => {
    const settings = read({});
    expect(settings).toMatchObject({
      port: 8443,
      dataDir: join(root, '.data', 'idp'),
      devControls: false,
    });
    expect(settings.config.tenants[0]?.id).toBe(localDefaults.AUTH_TENANT_ID);
    expect(settings.lifetimes.accessToken).toBeGreaterThanOrEqual(3600);
    expect(settings.lifetimes.accessToken).toBeLessThanOrEqual(5400);
  });

  it('listens on the port of a local AUTH_AUTHORITY, unless IDP_PORT says otherwise', () => {
    const tenant = localDefaults.AUTH_TENANT_ID;
    expect(read({ AUTH_AUTHORITY: `https://localhost:9443/${tenant}` }).port).toBe(9443);
    expect(
      read({ AUTH_AUTHORITY: `https://localhost:9443/${tenant}`, IDP_PORT: '9444' }).port,
    ).toBe(9444);
  });

  it('says when a local AUTH_AUTHORITY names another tenant than AUTH_TENANT_ID', () => {
    expect(
      problems({ AUTH_AUTHORITY: 'https://localhost:8443/11111111-2222-4333-8444-555555555555' }),
    ).toMatch(/points at the emulator but names tenant/);
  });

  it('serves a multi-tenant local AUTH_AUTHORITY (…/organizations) on its port', () => {
    expect(read({ AUTH_AUTHORITY: 'https://localhost:9443/organizations' }).port).toBe(9443);
  });

  it('refuses NODE_ENV=production unless IDP_ALLOW_PRODUCTION=true', () => {
    expect(problems({ NODE_ENV: 'production' })).toMatch(/local development and tests only/);
    expect(read({ NODE_ENV: 'production', IDP_ALLOW_PRODUCTION: 'true' }).port).toBe(8443);
  });

  it('refuses access-token lifetimes MSAL would never reuse, and booleans that are not true/false', () => {
    const message = problems({ IDP_ACCESS_TOKEN_LIFETIME_SECONDS: '300', IDP_DEV_CONTROLS: 'yes' });
    expect(message).toMatch(
      /IDP_ACCESS_TOKEN_LIFETIME_SECONDS must be a whole number of seconds from 301/,
    );
    expect(message).toMatch(/IDP_DEV_CONTROLS must be true or false/);
    expect(
      read({ IDP_ACCESS_TOKEN_LIFETIME_SECONDS: '600', IDP_DEV_CONTROLS: 'true' }),
    ).toMatchObject({ devControls: true, lifetimes: { accessToken: 600 } });
  });
});

describe("Pixy's tenant", () => {
  const { config } = read({});
  const app = (clientId: string) => config.applications.find((a) => a.clientId === clientId);
  const user = (key: string) => config.users.find((u) => u.key === key);

  it('is a configuration the emulator accepts', () => {
    expect(resolveDirectory(config).problems).toEqual([]);
  });

  it('registers the SPA and the OpenAPI UI with the redirect URIs of the contract, from SPA_URL and API_URL', () => {
    const { config: moved } = read({
      SPA_URL: 'https://app.test:4000',
      API_URL: 'http://api.test:3001',
    });
    const registered = (clientId: string) =>
      moved.applications.find((a) => a.clientId === clientId);
    expect(registered(localDefaults.SPA_CLIENT_ID)).toMatchObject({
      signInAudience: 'AzureADandPersonalMicrosoftAccount',
      spa: { redirectUris: ['https://app.test:4000/', 'https://app.test:4000/redirect.html'] },
      postLogoutRedirectUris: ['https://app.test:4000/'],
    });
    expect(registered(localDefaults.OPENAPI_CLIENT_ID)).toMatchObject({
      spa: { redirectUris: ['http://api.test:3001/docs/oauth2-redirect.html'] },
    });
  });

  it("exposes the contract's scopes, user roles and application permissions on the API, which has the dev secret", () => {
    expect(app(api)).toMatchObject({
      api: { identifierUris: [`api://${api}`], scopes: allScopes },
      appRoles: [
        { value: AppRoles.TasksAdmin, allowedMemberTypes: ['User'] },
        { value: AppPermissions.TasksReadAll, allowedMemberTypes: ['Application'] },
      ],
      secrets: [localDefaults.API_CLIENT_SECRET],
    });
    expect(read({ API_CLIENT_SECRET: 'rotated' }).config.applications).toContainEqual(
      expect.objectContaining({ clientId: api, secrets: ['rotated'] }),
    );
  });

  it("lists the SPA and the OpenAPI UI as the API's known clients, and the API's Graph User.Read, for combined consent", () => {
    expect(app(api)).toMatchObject({
      api: {
        knownClientApplications: [localDefaults.SPA_CLIENT_ID, localDefaults.OPENAPI_CLIENT_ID],
      },
      delegatedPermissions: { [microsoftGraph.resource]: ['User.Read'] },
    });
    const { config: moved } = read({
      SPA_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
      OPENAPI_CLIENT_ID: '66666666-7777-4888-8999-000000000000',
    });
    expect(moved.applications.find((a) => a.clientId === api)?.api).toMatchObject({
      knownClientApplications: [
        '11111111-2222-4333-8444-555555555555',
        '66666666-7777-4888-8999-000000000000',
      ],
    });
    expect(resolveDirectory(moved).problems).toEqual([]);
  });

  it('grants the daemon Tasks.Read.All with its dev secret', () => {
    expect(app(localDefaults.DAEMON_CLIENT_ID)).toMatchObject({
      secrets: [localDefaults.DAEMON_CLIENT_SECRET],
      applicationPermissions: { [api]: [AppPermissions.TasksReadAll] },
    });
  });

  it('gives the test users the consents and roles of the contract; Riley reads tasks only and has no Graph', () => {
    expect(user('alice')).toMatchObject({
      oid: testUserOids.alice,
      displayName: 'Alice Adams',
      username: 'alice@pixy.test',
      consent: { [api]: allScopes, [microsoftGraph.resource]: ['User.Read'] },
    });
    expect(user('ada')?.appRoles).toEqual({ [api]: [AppRoles.TasksAdmin] });
    expect(user('riley')).toMatchObject({
      consent: { [api]: [Scopes.TasksRead] },
      canConsent: false,
    });
  });

  it('has Fiona in Fabrikam, Gus at home in Fabrikam and a guest in Pixy, and Max with a personal account', () => {
    expect(config.tenants.map((tenant) => tenant.id)).toEqual([
      localDefaults.AUTH_TENANT_ID,
      fabrikamTenantId,
    ]);
    expect(user('fiona')).toMatchObject({
      tenant: fabrikamTenantId,
      username: 'fiona@fabrikam.test',
    });
    expect(user('gus')).toMatchObject({
      tenant: fabrikamTenantId,
      guestIn: [{ tenant: localDefaults.AUTH_TENANT_ID, oid: testUserOids.gusAsGuestInPixy }],
    });
    expect(user('max')).toMatchObject({
      tenant: personalAccountsTenantId,
      username: 'max@outlook.test',
    });
  });

  it('defines the step-up authentication context of AUTH_STEP_UP_CONTEXT', () => {
    expect(config.authenticationContexts?.map((context) => context.id)).toEqual(['c1']);
    expect(read({ AUTH_STEP_UP_CONTEXT: 'c7' }).config.authenticationContexts?.[0]?.id).toBe('c7');
  });
});

describe('IDP_CONFIG_FILE', () => {
  const file = (content: unknown) => {
    const path = join(root, `emulator-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it("replaces Pixy's tenant with an emulator config file of a team's own", () => {
    const path = file({
      tenants: [{ id: localDefaults.AUTH_TENANT_ID, displayName: 'Contoso' }],
      users: [
        {
          tenant: localDefaults.AUTH_TENANT_ID,
          oid: '5a5a5a5a-0000-4000-8000-000000000001',
          displayName: 'Sam Support',
          username: 'sam@contoso.test',
        },
      ],
      applications: [
        {
          clientId: '7b7b7b7b-0000-4000-8000-000000000002',
          displayName: 'Contoso portal',
          spa: { redirectUris: ['https://portal.test/'] },
        },
      ],
    });
    const { config } = read({ IDP_CONFIG_FILE: path });
    expect(config.users.map((user) => user.username)).toEqual(['sam@contoso.test']);
    expect(config.applications[0]?.displayName).toBe('Contoso portal');
  });

  it('lists every problem of a bad file', () => {
    const path = file({
      tenants: [{ id: localDefaults.AUTH_TENANT_ID, displayName: 'Contoso' }],
      users: [
        {
          tenant: localDefaults.AUTH_TENANT_ID,
          oid: 'not-a-guid',
          displayName: 'X',
          username: 'x@t',
          consent: { [`api://${api}`]: ['Tasks.Nope'] },
        },
      ],
      applications: [
        {
          clientId: '7b7b7b7b-0000-4000-8000-000000000002',
          displayName: 'C',
          spa: { redirectUris: ['not a url'] },
        },
      ],
    });
    const message = problems({ IDP_CONFIG_FILE: path });
    expect(message).toMatch(/users\[0\]\.oid must be a GUID/);
    expect(message).toMatch(/names "api:\/\/.*", which no application exposes/);
    expect(message).toMatch(/"not a url", which is not an http\(s\) URL/);
  });

  it('says so when the file is missing or not JSON', () => {
    expect(problems({ IDP_CONFIG_FILE: join(root, 'missing.json') })).toMatch(/cannot read/);
    expect(problems({ IDP_CONFIG_FILE: file('{ nope') })).toMatch(/is not valid JSON/);
  });
});

// Configuration: defaults that run the local stack, the production refusal, and IDP_CONFIG_FILE.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allScopes, AppRoles, Scopes } from '@pixy/auth-contract';
import { ConfigReader, localDefaults, readStackConfig } from '@pixy/config';
import { afterAll, describe, expect, it } from 'vitest';
import { testUserOids } from './directory.js';
import { readIdpSettings } from './idp-config.js';

const root = mkdtempSync(join(tmpdir(), 'pixy-idp-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function read(env: Record<string, string>) {
  const reader = new ConfigReader(env);
  const settings = readIdpSettings(reader, readStackConfig(reader), root);
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

describe('readIdpSettings', () => {
  it('runs the local stack with no configuration: port 8443, .data/idp, dev controls off', () => {
    const settings = read({});
    expect(settings).toMatchObject({
      port: 8443,
      dataDir: join(root, '.data', 'idp'),
      tenantId: localDefaults.AUTH_TENANT_ID,
      devControls: false,
    });
    expect(settings.lifetimes.accessToken).toBeGreaterThanOrEqual(3600);
    expect(settings.lifetimes.accessToken).toBeLessThanOrEqual(5400);
  });

  it('registers the SPA and the OpenAPI UI with the redirect URIs of the contract', () => {
    const { clients } = read({
      SPA_URL: 'https://app.test:4000',
      API_URL: 'http://api.test:3001',
    }).directory;
    expect(clients).toEqual([
      expect.objectContaining({
        clientId: localDefaults.SPA_CLIENT_ID,
        redirectUris: ['https://app.test:4000/', 'https://app.test:4000/redirect.html'],
        postLogoutRedirectUris: ['https://app.test:4000/'],
      }),
      expect.objectContaining({
        clientId: localDefaults.OPENAPI_CLIENT_ID,
        redirectUris: ['http://api.test:3001/docs/oauth2-redirect.html'],
      }),
    ]);
  });

  it("gives the contract's users the consents and roles of the contract, every scope read from auth-contract", () => {
    const { users, apis } = read({}).directory;
    const api = localDefaults.API_CLIENT_ID;
    expect(apis[0]?.scopes).toEqual(allScopes);
    const byKey = Object.fromEntries(users.map((user) => [user.key, user]));
    expect(byKey.alice).toMatchObject({
      oid: testUserOids.alice,
      displayName: 'Alice Adams',
      username: 'alice@pixy.test',
    });
    expect(byKey.alice?.consentedScopes[api]).toEqual(allScopes);
    expect(byKey.bob?.consentedScopes[api]).toEqual(allScopes);
    expect(byKey.ada?.appRoles[api]).toEqual([AppRoles.TasksAdmin]);
    expect(byKey.riley?.consentedScopes[api]).toEqual([Scopes.TasksRead]);
    expect(byKey.riley?.appRoles).toEqual({});
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
    ).toMatchObject({
      devControls: true,
      lifetimes: { accessToken: 600 },
    });
  });
});

describe('IDP_CONFIG_FILE', () => {
  const api = localDefaults.API_CLIENT_ID;
  const file = (content: unknown) => {
    const path = join(root, `directory-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it("replaces the users and clients with a team's own, keeping the API of the contract", () => {
    const path = file({
      users: [
        {
          key: 'sam',
          oid: '5a5a5a5a-0000-4000-8000-000000000001',
          displayName: 'Sam Support',
          username: 'sam@contoso.test',
          consentedScopes: { [api]: ['*'] },
          appRoles: { [api]: [AppRoles.TasksAdmin] },
        },
      ],
      clients: [
        {
          clientId: '7b7b7b7b-0000-4000-8000-000000000002',
          displayName: 'Contoso portal',
          redirectUris: ['https://portal.test/'],
        },
      ],
    });
    const { directory } = read({ IDP_CONFIG_FILE: path });
    expect(directory.users.map((user) => user.username)).toEqual(['sam@contoso.test']);
    expect(directory.users[0]?.consentedScopes[api]).toEqual(allScopes);
    expect(directory.clients[0]).toMatchObject({
      displayName: 'Contoso portal',
      postLogoutRedirectUris: [],
    });
    expect(directory.apis[0]?.clientId).toBe(api);
  });

  it('lists every problem of a bad file', () => {
    const path = file({
      users: [
        {
          key: 'x',
          oid: 'not-a-guid',
          displayName: 'X',
          username: 'x@t',
          consentedScopes: { [api]: ['Tasks.Nope'] },
        },
      ],
      clients: [
        {
          clientId: '7b7b7b7b-0000-4000-8000-000000000002',
          displayName: 'C',
          redirectUris: ['not a url'],
        },
      ],
    });
    const message = problems({ IDP_CONFIG_FILE: path });
    expect(message).toMatch(/users\[0\]\.oid must be a GUID/);
    expect(message).toMatch(/consented to "Tasks.Nope"/);
    expect(message).toMatch(/"not a url", which is not an http\(s\) URL/);
  });

  it('says so when the file is missing or not JSON', () => {
    expect(problems({ IDP_CONFIG_FILE: join(root, 'missing.json') })).toMatch(/cannot read/);
    expect(problems({ IDP_CONFIG_FILE: file('{ nope') })).toMatch(/is not valid JSON/);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigReader } from './config-reader.js';
import { localDefaults, readStackConfig } from './stack-config.js';

function read(env: Record<string, string>) {
  const reader = new ConfigReader(env);
  const config = readStackConfig(reader);
  reader.finish();
  return config;
}

function problemsOf(env: Record<string, string>): string {
  try {
    read(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('readStackConfig', () => {
  it('runs the local stack with no configuration at all', () => {
    const config = read({});
    expect(config.authority).toBe(`https://localhost:8443/${localDefaults.AUTH_TENANT_ID}`);
    expect(config.authorityTenantId).toBe(localDefaults.AUTH_TENANT_ID);
    expect(config.authorityHost).toBe('localhost:8443');
    expect(config.isMicrosoftAuthority).toBe(false);
    expect(config.spaUrl).toBe('https://localhost:5173');
    expect(config.apiUrl).toBe('http://localhost:3000');
  });

  it('builds the default authority from AUTH_TENANT_ID', () => {
    const tenant = '11111111-2222-4333-8444-555555555555';
    expect(read({ AUTH_TENANT_ID: tenant }).authority).toBe(`https://localhost:8443/${tenant}`);
  });

  const entraClients = {
    SPA_CLIENT_ID: '10000000-2222-4333-8444-555555555555',
    API_CLIENT_ID: '20000000-2222-4333-8444-555555555555',
    OPENAPI_CLIENT_ID: '30000000-2222-4333-8444-555555555555',
  };

  it('takes the tenant from a real Entra authority', () => {
    const tenant = 'AAAAAAAA-2222-4333-8444-555555555555';
    const config = read({
      AUTH_AUTHORITY: `https://login.microsoftonline.com/${tenant}/`,
      ...entraClients,
    });
    expect(config.authority).toBe(`https://login.microsoftonline.com/${tenant}`);
    expect(config.authorityTenantId).toBe(tenant.toLowerCase());
    expect(config.isMicrosoftAuthority).toBe(true);
    expect(config.daemonClientId).toBeUndefined();
  });

  it("uses the emulator's daemon locally, and refuses its ID against Entra ID", () => {
    expect(read({}).daemonClientId).toBe(localDefaults.DAEMON_CLIENT_ID);
    const message = problemsOf({
      AUTH_AUTHORITY: 'https://login.microsoftonline.com/aaaaaaaa-2222-4333-8444-555555555555',
      ...entraClients,
      DAEMON_CLIENT_ID: localDefaults.DAEMON_CLIENT_ID,
    });
    expect(message).toMatch(/DAEMON_CLIENT_ID is still the local emulator's default/);
  });

  it('treats empty variables as unset, as a copied .env.example leaves them', () => {
    expect(read({ SPA_URL: '', API_CLIENT_ID: '  ' }).apiClientId).toBe(
      localDefaults.API_CLIENT_ID,
    );
  });

  it('says to register the apps when real Entra ID meets the local client IDs', () => {
    const message = problemsOf({
      AUTH_AUTHORITY: `https://login.microsoftonline.com/${localDefaults.AUTH_TENANT_ID}`,
      SPA_CLIENT_ID: entraClients.SPA_CLIENT_ID,
    });
    expect(message).toMatch(
      /API_CLIENT_ID is still the local emulator's default.*pnpm entra:setup/,
    );
    expect(message).toMatch(/OPENAPI_CLIENT_ID is still/);
    expect(message).not.toMatch(/SPA_CLIENT_ID is still/);
  });

  it('says the authority must be https', () => {
    expect(problemsOf({ AUTH_AUTHORITY: 'http://localhost:8443/x' })).toMatch(
      /AUTH_AUTHORITY must be an https URL/,
    );
  });

  it('explains an authority that ends in /v2.0', () => {
    const tenant = localDefaults.AUTH_TENANT_ID;
    expect(
      problemsOf({ AUTH_AUTHORITY: `https://login.microsoftonline.com/${tenant}/v2.0` }),
    ).toMatch(/must not end in \/v2.0/);
  });

  it('reads /organizations and /common as multi-tenant authorities', () => {
    const organizations = read({
      AUTH_AUTHORITY: 'https://login.microsoftonline.com/organizations',
      ...entraClients,
    });
    expect(organizations.tenancy).toBe('organizations');
    expect(organizations.authorityTenantId).toBe('organizations');
    expect(read({ AUTH_AUTHORITY: 'https://localhost:8443/Common' }).tenancy).toBe('common');
    expect(read({}).tenancy).toBe('single');
  });

  it('refuses /consumers, pointing at /common with the personal-accounts tenant', () => {
    expect(
      problemsOf({
        AUTH_AUTHORITY: 'https://login.microsoftonline.com/consumers',
        ...entraClients,
      }),
    ).toMatch(/consumers.*\/common with AUTH_ALLOWED_TENANTS=9188040d-6c67-4c5b-b112-36a304b66dad/);
  });

  it('refuses one app registration for both the SPA and the API', () => {
    const shared = '10000000-2222-4333-8444-555555555555';
    expect(problemsOf({ SPA_CLIENT_ID: shared, API_CLIENT_ID: shared })).toMatch(
      /SPA_CLIENT_ID and API_CLIENT_ID are the same.*ID tokens would pass as access tokens/,
    );
  });

  it('asks for the tenant ID instead of a domain name', () => {
    expect(
      problemsOf({ AUTH_AUTHORITY: 'https://login.microsoftonline.com/contoso.onmicrosoft.com' }),
    ).toMatch(/must end in the tenant ID, a GUID/);
  });

  it('lists every problem at once', () => {
    const message = problemsOf({ SPA_CLIENT_ID: 'my-spa', API_URL: 'localhost:3000' });
    expect(message).toMatch(/SPA_CLIENT_ID must be a GUID/);
    expect(message).toMatch(/API_URL must be an http or https URL/);
  });

  it('wants SPA_URL to be an origin, because redirect URIs are built from it', () => {
    expect(problemsOf({ SPA_URL: 'https://localhost:5173/app' })).toMatch(
      /SPA_URL must be an origin only, such as https:\/\/localhost:5173/,
    );
  });
});

describe('ConfigReader', () => {
  it('reads ports and lists', () => {
    const reader = new ConfigReader({
      PORT: '8080',
      CORS_ORIGINS: 'https://a.test, ,https://b.test',
    });
    expect(reader.port('PORT', 3000)).toBe(8080);
    expect(reader.list('CORS_ORIGINS', [])).toEqual(['https://a.test', 'https://b.test']);
    expect(reader.port('OTHER_PORT', 3000)).toBe(3000);
    reader.finish();
  });

  it('rejects a port that is not a number in range', () => {
    for (const PORT of ['0', '70000', '3000abc', '-1']) {
      const reader = new ConfigReader({ PORT });
      reader.port('PORT', 3000);
      expect(() => reader.finish()).toThrow(/PORT must be a port number from 1 to 65535/);
    }
  });
});

describe('ConfigReader.boolean', () => {
  it('reads true and false in any case, and the default when unset', () => {
    const reader = new ConfigReader({ A: 'TRUE', B: 'false' });
    expect(reader.boolean('A', false)).toBe(true);
    expect(reader.boolean('B', true)).toBe(false);
    expect(reader.boolean('C', true)).toBe(true);
    reader.finish();
  });

  it('refuses anything else instead of guessing (no, 0, off)', () => {
    for (const value of ['no', '0', 'off', 'yes']) {
      const reader = new ConfigReader({ FLAG: value });
      reader.boolean('FLAG', true);
      expect(() => reader.finish()).toThrow(`FLAG must be true or false (got "${value}")`);
    }
  });
});

// @vitest-environment node
import { ConfigError, ConfigReader, readStackConfig } from '@pixy/config';
import { describe, expect, it } from 'vitest';
import { webConfigFrom } from './web-config.ts';

function webConfigFor(env: Record<string, string>) {
  const reader = new ConfigReader(env);
  const config = webConfigFrom(readStackConfig(reader));
  reader.finish();
  return config;
}

describe('the configuration the SPA is built with', () => {
  it('defaults to the local emulator, which MSAL must be told to trust', () => {
    const config = webConfigFor({});
    expect(config.authority).toMatch(/^https:\/\/localhost:8443\/[0-9a-f-]{36}$/);
    expect(config.knownAuthorities).toEqual(['localhost:8443']);
    expect(config.apiUrl).toBe('http://localhost:3000');
  });

  it('lists no known authorities for Microsoft Entra ID (MSAL knows its hosts)', () => {
    const config = webConfigFor({
      AUTH_AUTHORITY: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555',
      SPA_CLIENT_ID: '21111111-2222-3333-4444-555555555555',
      API_CLIENT_ID: '31111111-2222-3333-4444-555555555555',
      OPENAPI_CLIENT_ID: '41111111-2222-3333-4444-555555555555',
    });
    expect(config.knownAuthorities).toEqual([]);
  });

  it('holds exactly the values the SPA needs, nothing else from the environment', () => {
    const config = webConfigFor({ DATABASE_URL: 'postgres://secret@db/x', OPENAPI_CLIENT_ID: '' });
    expect(Object.keys(config).sort()).toEqual([
      'apiClientId',
      'apiUrl',
      'authority',
      'knownAuthorities',
      'spaClientId',
    ]);
    expect(JSON.stringify(config)).not.toContain('secret');
  });

  it('stops the build on a bad value, naming the variable', () => {
    expect(() => webConfigFor({ SPA_CLIENT_ID: 'not-a-guid' })).toThrow(ConfigError);
    expect(() => webConfigFor({ SPA_CLIENT_ID: 'not-a-guid' })).toThrow(/SPA_CLIENT_ID/);
  });
});

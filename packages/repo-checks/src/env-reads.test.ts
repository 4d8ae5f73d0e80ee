import { describe, expect, it } from 'vitest';
import { envReadsOf } from './env-reads.js';

describe('envReadsOf', () => {
  it('finds every way the code reads a variable', () => {
    const reads = envReadsOf(`
      const port = process.env.PORT;
      const mode = process.env['NODE_ENV'];
      const variable = 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH';
      const browser = env[variable];
      if (env.OTEL_SDK_DISABLED) {}
      reader.url('API_URL', fallback, { protocols: ['https:'] });
      readSeconds(
        reader,
        'IDP_ACCESS_TOKEN_LIFETIME_SECONDS',
        4500,
      );
      readClientId(reader, 'SPA_CLIENT_ID', authority);
    `);
    expect([...reads.all].sort()).toEqual([
      'API_URL',
      'IDP_ACCESS_TOKEN_LIFETIME_SECONDS',
      'NODE_ENV',
      'OTEL_SDK_DISABLED',
      'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH',
      'PORT',
      'SPA_CLIENT_ID',
    ]);
    expect([...reads.direct].sort()).toEqual(['NODE_ENV', 'PORT']);
  });

  it('tells a write from a read, and leaves other objects alone', () => {
    const reads = envReadsOf(`
      process.env.PIXY_STACK = JSON.stringify(stack);
      if (process.env.CI === 'true') {}
      const x = options.env.NOT_A_READ;
      const child = { IDP_DEV_CONTROLS: 'true' };
    `);
    expect([...reads.all]).toEqual(['CI']);
    expect([...reads.assigned]).toEqual(['PIXY_STACK']);
  });
});

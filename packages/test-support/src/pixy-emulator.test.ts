import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPixyEmulator, type PixyEmulator } from './pixy-emulator.js';

let pixy: PixyEmulator;
beforeAll(async () => {
  pixy = await startPixyEmulator();
});
afterAll(() => pixy?.close());

describe('startPixyEmulator', () => {
  it('serves Pixy’s tenant over https with the test CA, and mints tokens for its users', async () => {
    const { emulator } = pixy;
    const discovery = await new Promise<Record<string, unknown>>((resolve, reject) => {
      import('node:https')
        .then(({ get }) =>
          get(
            `${emulator.authority}/v2.0/.well-known/openid-configuration`,
            { agent: pixy.agent },
            (response) => {
              let text = '';
              response.on('data', (chunk: Buffer) => (text += chunk.toString()));
              response.on('end', () => resolve(JSON.parse(text) as Record<string, unknown>));
            },
          ).on('error', reject),
        )
        .catch(reject);
    });
    expect(discovery.issuer).toBe(emulator.issuer);
    expect(pixy.env.AUTH_AUTHORITY).toBe(emulator.authority);
    const token = await pixy.token('alice@pixy.test');
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      preferred_username: string;
    };
    expect(payload.preferred_username).toBe('alice@pixy.test');
  });
});

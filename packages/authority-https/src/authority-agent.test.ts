import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authorityAgent } from './authority-agent.js';

const caText = '-----BEGIN CERTIFICATE-----\nTEST-DEV-CA\n-----END CERTIFICATE-----\n';

function trusted(authority: string, caFile: string): string[] {
  const agent = authorityAgent(authority, caFile);
  const ca = (agent.options as { ca?: string[] }).ca ?? [];
  agent.destroy();
  return ca;
}

describe('authorityAgent', () => {
  it('adds the dev CA for a loopback authority (the local emulator) only', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pixy-agent-'));
    try {
      const caFile = join(folder, 'ca.pem');
      writeFileSync(caFile, caText);
      for (const host of ['localhost:8443', '127.0.0.1:8443', '[::1]:8443']) {
        expect(trusted(`https://${host}/tenant`, caFile)).toContain(caText);
      }
      expect(trusted('https://login.microsoftonline.com/tenant', caFile)).not.toContain(caText);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('keeps the public CAs when it adds one', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pixy-agent-'));
    try {
      const caFile = join(folder, 'ca.pem');
      writeFileSync(caFile, caText);
      expect(trusted('https://localhost:8443/tenant', caFile).length).toBeGreaterThan(100);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { mergeEnv } from './env-file.js';

describe('mergeEnv', () => {
  it('replaces a variable where it stands and keeps every other line', () => {
    const before = [
      '# my settings',
      'DATABASE_URL=postgres://me@db/pixy',
      '',
      'SPA_CLIENT_ID=old # was local',
      'CORS_ORIGINS=https://a.example,https://b.example',
      '',
    ].join('\n');
    const { text, changes } = mergeEnv(before, { SPA_CLIENT_ID: 'new-id' });
    expect(text).toBe(before.replace('SPA_CLIENT_ID=old # was local', 'SPA_CLIENT_ID=new-id'));
    expect(changes).toEqual({ SPA_CLIENT_ID: 'updated' });
  });

  it('appends new variables under a heading, after a blank line', () => {
    const { text, changes } = mergeEnv('PORT=3001\n', {
      API_CLIENT_ID: 'abc',
      SPA_URL: 'https://x',
    });
    expect(text).toBe(
      'PORT=3001\n\n# Written by `pnpm entra:setup`\nAPI_CLIENT_ID=abc\nSPA_URL=https://x\n',
    );
    expect(changes).toEqual({ API_CLIENT_ID: 'added', SPA_URL: 'added' });
  });

  it('creates the file content from nothing', () => {
    expect(mergeEnv('', { A: '1' }).text).toBe('# Written by `pnpm entra:setup`\nA=1\n');
  });

  it('reports unchanged values and leaves the text identical', () => {
    const before = 'A=1\r\nB=2\r\n';
    const result = mergeEnv(before, { B: '2' });
    expect(result.text).toBe(before);
    expect(result.changes).toEqual({ B: 'unchanged' });
  });

  it('leaves commented-out lines alone and updates `export` lines and duplicates', () => {
    const { text } = mergeEnv('# A=commented\nexport A=1\nA=2\n', { A: '3' });
    expect(text).toBe('# A=commented\nA=3\nA=3\n');
    expect(parseEnv(text)).toEqual({ A: '3' });
  });

  it('quotes values with spaces so that Node reads them back', () => {
    const { text } = mergeEnv('', { NAME: 'Pixy API (dev)' });
    expect(parseEnv(text)).toEqual({ NAME: 'Pixy API (dev)' });
    expect(() => mergeEnv('', { BAD: 'a"b' })).toThrow(/cannot write/);
  });
});

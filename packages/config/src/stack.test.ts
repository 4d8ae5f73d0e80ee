import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));

/** The modules `file` imports, transitively, within this package. */
function importsOf(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(join(src, file), 'utf8');
  for (const [, specifier] of text.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
    if (specifier!.startsWith('./')) importsOf(specifier!.replace(/\.js$/, '.ts').slice(2), seen);
    else seen.add(specifier!);
  }
  return seen;
}

describe('@pixy/config/stack', () => {
  it('imports no Node module, so the SPA can bundle it', () => {
    const imported = [...importsOf('stack.ts')];
    expect(imported).toContain('stack-config.ts');
    expect(imported.filter((name) => !name.endsWith('.ts'))).toEqual([]);
  });
});

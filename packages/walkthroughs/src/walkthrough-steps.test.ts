import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyWalkthrough, parseWalkthrough } from './walkthrough-steps.js';

const fence = '```';
const markdown = [
  '# Title',
  '<!-- walkthrough: create src/new.ts -->',
  `${fence}ts`,
  'export const a = 1;',
  fence,
  'Text between steps.',
  '<!-- walkthrough: insert-after src/list.ts | two -->',
  `${fence}ts`,
  '  three,',
  fence,
  '<!-- walkthrough: insert-before src/list.ts | one -->',
  `${fence}ts`,
  '  zero,',
  fence,
  '<!-- walkthrough: replace src/list.ts | const list -->',
  `${fence}ts`,
  'export const list',
  fence,
].join('\n');

const tempFolders: string[] = [];
afterEach(() => {
  for (const folder of tempFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folderWithList(): string {
  const root = mkdtempSync(join(tmpdir(), 'walkthrough-steps-'));
  tempFolders.push(root);
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src/list.ts'), 'const list = [\n  one,\n  two,\n];\n');
  return root;
}

describe('walkthrough steps', () => {
  it('are read from the HTML comments before code blocks', () => {
    const steps = parseWalkthrough(markdown);
    expect(steps.map((step) => [step.action, step.path, step.anchor])).toEqual([
      ['create', 'src/new.ts', undefined],
      ['insert-after', 'src/list.ts', 'two'],
      ['insert-before', 'src/list.ts', 'one'],
      ['replace', 'src/list.ts', 'const list'],
    ]);
  });

  it('create files and insert or replace at their anchors', () => {
    const root = folderWithList();
    applyWalkthrough(root, parseWalkthrough(markdown));
    expect(readFileSync(join(root, 'src/new.ts'), 'utf8')).toBe('export const a = 1;\n');
    expect(readFileSync(join(root, 'src/list.ts'), 'utf8')).toBe(
      'export const list = [\n  zero,\n  one,\n  two,\n  three,\n];\n',
    );
  });

  it('fail, naming the step, when an anchor is missing or ambiguous', () => {
    const root = folderWithList();
    writeFileSync(join(root, 'src/list.ts'), 'one one\n');
    expect(() => applyWalkthrough(root, parseWalkthrough(markdown).slice(2, 3))).toThrow(
      /walkthrough line 11 \(insert-before src\/list.ts\): "one" must occur exactly once in the file, but occurs 2 times/,
    );
  });
});

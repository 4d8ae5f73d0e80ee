import { describe, expect, it } from 'vitest';
import { anchors, codeTexts, githubSlug, links } from './markdown.js';

describe('markdown', () => {
  it("makes GitHub's anchors", () => {
    expect(githubSlug('The fast way: `pnpm entra:setup`')).toBe('the-fast-way-pnpm-entrasetup');
    expect(githubSlug('4. The daemon — "Pixy daemon"')).toBe('4-the-daemon--pixy-daemon');
    expect(githubSlug('Health, logs, traces, memory')).toBe('health-logs-traces-memory');
    expect([...anchors('# A\n## B\n```\n# not a heading\n```\n## B\n')]).toEqual(['a', 'b', 'b-1']);
  });

  it('finds links outside code, and the code', () => {
    const text = 'See [a](a.md#x) and `[b](b.md)`.\n```sh\npnpm dev # [c](c.md)\n```\n';
    expect(links(text)).toEqual([{ target: 'a.md#x', line: 1 }]);
    expect(codeTexts(text)).toEqual(['[b](b.md)', 'pnpm dev # [c](c.md)']);
  });
});

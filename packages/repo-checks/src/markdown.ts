/**
 * Just enough Markdown for the docs checks: headings and their GitHub anchors, links, and
 * the commands in code (fenced blocks and inline code), outside fenced blocks for the first two.
 */

export interface MarkdownLink {
  readonly target: string;
  readonly line: number;
}

/** The lines outside fenced code blocks (others blanked, so line numbers hold). */
function prose(text: string): string[] {
  let fenced = false;
  return text.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line;
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
export function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/ /g, '-');
}

/** Every heading's anchor, numbered as GitHub numbers repeats (`x`, `x-1`, `x-2`). */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of prose(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** Links (`[text](target)`) outside code; inline code is left out too. */
export function links(text: string): MarkdownLink[] {
  return prose(text).flatMap((line, index) =>
    [...line.replace(/`[^`]*`/g, '').matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
      (match) => ({ target: match[1]!, line: index + 1 }),
    ),
  );
}

/** The text of code: fenced blocks' lines and inline code spans. */
export function codeTexts(text: string): string[] {
  const texts: string[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (fenced) texts.push(line);
    else texts.push(...[...line.matchAll(/`([^`]+)`/g)].map((match) => match[1]!));
  }
  return texts;
}

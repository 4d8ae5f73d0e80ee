/**
 * Reading a walkthrough's steps out of its Markdown, and applying them to a folder. A step
 * is an HTML comment (invisible on GitHub) followed by the code block it applies:
 *
 *   <!-- walkthrough: create <path> -->                 the block is the whole new file
 *   <!-- walkthrough: insert-after <path> | <anchor> -->  the block goes after the line holding <anchor>
 *   <!-- walkthrough: insert-before <path> | <anchor> --> the block goes before that line
 *   <!-- walkthrough: replace <path> | <anchor> -->       the block replaces the text <anchor>
 *
 * An anchor must occur exactly once in its file: when the code moves on and it does not,
 * the step fails and says which one — the walkthrough needs updating.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type StepAction = 'create' | 'insert-after' | 'insert-before' | 'replace';

export interface WalkthroughStep {
  readonly action: StepAction;
  /** Repository-relative path, with `/`. */
  readonly path: string;
  readonly anchor?: string;
  /** The code block's content, ending with a newline. */
  readonly code: string;
  /** The Markdown line of the comment, for messages. */
  readonly line: number;
}

const directive =
  /^<!-- walkthrough: (create|insert-after|insert-before|replace) (\S+)(?: \| (.+?))? -->$/;

export function parseWalkthrough(markdown: string): WalkthroughStep[] {
  const lines = markdown.split(/\r?\n/);
  const steps: WalkthroughStep[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = directive.exec(lines[i]!.trim());
    if (!match) continue;
    const [, action, path, anchor] = match;
    const fence = lines.findIndex((line, index) => index > i && line.trimStart().startsWith('```'));
    if (fence < 0) throw new Error(`walkthrough line ${i + 1}: no code block after the step`);
    const end = lines.findIndex((line, index) => index > fence && line.trim() === '```');
    if (end < 0) throw new Error(`walkthrough line ${fence + 1}: the code block is not closed`);
    if (action !== 'create' && !anchor) {
      throw new Error(`walkthrough line ${i + 1}: ${action} needs "| <anchor>"`);
    }
    steps.push({
      action: action as StepAction,
      path: path!,
      anchor,
      code: lines.slice(fence + 1, end).join('\n') + '\n',
      line: i + 1,
    });
    i = end;
  }
  return steps;
}

/** Applies the steps, in order, to the files under `root`. */
export function applyWalkthrough(root: string, steps: readonly WalkthroughStep[]): void {
  for (const step of steps) {
    const file = join(root, step.path);
    const where = `walkthrough line ${step.line} (${step.action} ${step.path})`;
    if (step.action === 'create') {
      if (existsSync(file)) throw new Error(`${where}: the file already exists`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, step.code);
      continue;
    }
    if (!existsSync(file)) throw new Error(`${where}: no such file`);
    const text = readFileSync(file, 'utf8');
    const anchor = step.anchor!;
    const at = text.indexOf(anchor);
    if (at < 0 || text.indexOf(anchor, at + 1) >= 0) {
      throw new Error(
        `${where}: "${anchor}" must occur exactly once in the file, but occurs ` +
          `${text.split(anchor).length - 1} times. The code changed: update the walkthrough.`,
      );
    }
    let next: string;
    if (step.action === 'replace') {
      next = text.slice(0, at) + step.code.replace(/\n$/, '') + text.slice(at + anchor.length);
    } else {
      const lineStart = text.lastIndexOf('\n', at) + 1;
      const lineEnd = text.indexOf('\n', at);
      const after = lineEnd < 0 ? text.length : lineEnd + 1;
      next =
        step.action === 'insert-after'
          ? text.slice(0, after) + step.code + text.slice(after)
          : text.slice(0, lineStart) + step.code + text.slice(lineStart);
    }
    writeFileSync(file, next);
  }
}

/**
 * Merging values into a `.env` file without clobbering it: lines for the given names are
 * replaced where they stand (commented-out defaults stay commented), new names are
 * appended under a heading, and every other line — comments, blank lines, unrelated
 * variables — is kept byte for byte.
 */

const assignment = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

/** What changed, per variable name. */
export type EnvChange = 'added' | 'updated' | 'unchanged';

export interface EnvMergeResult {
  readonly text: string;
  readonly changes: Readonly<Record<string, EnvChange>>;
}

/** Returns `text` with `values` set. Values are written unquoted when safe, else double-quoted. */
export function mergeEnv(
  text: string,
  values: Readonly<Record<string, string>>,
  heading = '# Written by `pnpm entra:setup`',
): EnvMergeResult {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text === '' ? [] : text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const changes: Record<string, EnvChange> = {};
  const seen = new Set<string>();

  for (let i = 0; i < lines.length; i++) {
    const name = assignment.exec(lines[i]!)?.[1];
    if (name === undefined || !Object.hasOwn(values, name)) continue;
    const next = `${name}=${quote(values[name]!)}`;
    if (seen.has(name)) {
      // A later duplicate would win when the file is parsed: keep them in step.
      lines[i] = next;
      continue;
    }
    seen.add(name);
    changes[name] = lines[i] === next ? 'unchanged' : 'updated';
    lines[i] = next;
  }

  const missing = Object.keys(values).filter((name) => !seen.has(name));
  if (missing.length > 0) {
    if (lines.length > 0 && lines.at(-1)!.trim() !== '') lines.push('');
    lines.push(heading);
    for (const name of missing) {
      lines.push(`${name}=${quote(values[name]!)}`);
      changes[name] = 'added';
    }
  }
  return { text: lines.join(eol) + eol, changes };
}

function quote(value: string): string {
  if (/^[A-Za-z0-9_./:@%+,-]*$/.test(value)) return value;
  // Node's .env parser does not unescape \" inside double quotes: refuse what it cannot read back.
  if (/["\r\n]/.test(value)) throw new TypeError(`mergeEnv: cannot write ${JSON.stringify(value)}`);
  return `"${value}"`;
}

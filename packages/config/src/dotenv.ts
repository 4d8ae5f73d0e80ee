/**
 * Loading the root `.env`. A fresh clone has none, so it is optional, and a variable
 * already set in the environment always wins over the file. Outside the repository (a
 * deployed app) there is no root `.env`: the environment is the whole configuration.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { locateRepoRoot } from './repo-root.js';

/**
 * Adds the variables of `<root>/.env` that `env` does not set yet. Returns the names it
 * added. A missing file is normal and adds nothing.
 */
export function loadDotEnv(
  root: string | undefined = locateRepoRoot(),
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  if (root === undefined) return [];
  let text: string;
  try {
    text = readFileSync(join(root, '.env'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const added: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] === undefined && value !== undefined) {
      env[name] = value;
      added.push(name);
    }
  }
  return added;
}

/**
 * The API as its image runs it, without Docker: `pnpm deploy --legacy --prod` into a folder
 * outside the repository (the image's build stage does the same), started with the image's
 * CMD and environment, read from apps/api/Dockerfile so the two cannot drift apart.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface ApiImage {
  /** The final stage's ENV. */
  readonly env: Readonly<Record<string, string>>;
  /** CMD, in exec form. */
  readonly command: readonly [string, ...string[]];
  /** HEALTHCHECK's CMD, in exec form. */
  readonly healthcheck: readonly [string, ...string[]];
}

/** Reads the final stage of a Dockerfile: its ENV, CMD and HEALTHCHECK (exec forms only). */
export function readApiImage(dockerfile: string): ApiImage {
  const text = readFileSync(dockerfile, 'utf8').replace(/\\\n\s*/g, ' ');
  const lines = text.split('\n');
  const stage = lines.slice(lines.findLastIndex((line) => line.startsWith('FROM ')));
  const env: Record<string, string> = {};
  for (const line of stage.filter((l) => l.startsWith('ENV '))) {
    for (const [, name, value] of line.slice(4).matchAll(/(\w+)=(\S+)/g)) env[name!] = value!;
  }
  const execForm = (prefix: RegExp, what: string): [string, ...string[]] => {
    const line = stage.find((l) => prefix.test(l));
    const json = line?.slice(line.indexOf('CMD ') + 4);
    if (json === undefined) throw new Error(`${dockerfile}: no ${what} in its last stage`);
    return JSON.parse(json) as [string, ...string[]];
  };
  return {
    env,
    command: execForm(/^CMD \[/, 'CMD'),
    healthcheck: execForm(/^HEALTHCHECK .*CMD \[/, 'HEALTHCHECK'),
  };
}

/** `pnpm --filter @pixy/api deploy --legacy --prod <target>`, from the repository. */
export async function deployApi(repoRoot: string, target: string): Promise<void> {
  await promisify(execFile)(
    'pnpm',
    ['--filter', '@pixy/api', 'deploy', '--legacy', '--prod', target],
    { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`pnpm deploy of @pixy/api failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  });
}

export const apiDockerfile = (repoRoot: string) => join(repoRoot, 'apps', 'api', 'Dockerfile');

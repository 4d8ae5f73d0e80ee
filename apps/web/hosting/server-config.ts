/**
 * Rendering apps/web/hosting's server configurations as their servers do, for the tests
 * (unit tests here, and e2e/artifacts, which runs the web image's nginx configuration).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const hostingDir = import.meta.dirname;
export const nginxTemplatePath = join(hostingDir, 'nginx', 'default.conf.template');
export const runtimeConfigEnvshPath = join(hostingDir, 'nginx', '30-pixy-runtime-config.envsh');
export const staticWebAppsConfigPath = join(hostingDir, '..', 'staticwebapp.config.json');

/** The image's root for the built SPA (the template's `root`). */
export const imageStaticRoot = '/usr/share/nginx/html';

export type PixyValues = Readonly<Record<string, string>>;

/**
 * What the nginx image's entrypoint does with a template (20-envsubst-on-templates.sh with
 * NGINX_ENVSUBST_FILTER=^PIXY_, set in apps/web/Dockerfile): each `${PIXY_…}` that is set is
 * replaced; anything else (nginx's own `$uri` …) stays as it is.
 */
export function renderTemplate(template: string, values: PixyValues): string {
  return template.replace(/\$\{(PIXY_\w*)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * Sources the image's 30-pixy-runtime-config.envsh with `env` as the container's whole
 * environment (plus PATH), as the entrypoint does, and returns the PIXY_ variables it
 * exports, or what it printed when it refused to start.
 */
export function runRuntimeConfigEnvsh(
  env: Readonly<Record<string, string>>,
): { values: PixyValues; errors?: undefined } | { values?: undefined; errors: string } {
  const result = spawnSync('sh', ['-c', 'set -e; . "$1"; env', 'sh', runtimeConfigEnvshPath], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  if (result.status !== 0) return { errors: result.stderr };
  const values: Record<string, string> = {};
  for (const line of result.stdout.split('\n')) {
    const match = /^(PIXY_\w+)=(.*)$/.exec(line);
    if (match) values[match[1]!] = match[2]!;
  }
  return { values };
}

export function readNginxTemplate(): string {
  return readFileSync(nginxTemplatePath, 'utf8');
}

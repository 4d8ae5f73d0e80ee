/**
 * The suite's own stack: the built emulator, API and SPA on the fixed ports, with data
 * folders of its own under e2e/.data (wiped at each run, so a developer's keys and tasks
 * are never touched) and the emulator's dev controls on.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { localDefaults } from '@pixy/config';
import { certPaths, readLocalhostTls } from '@pixy/dev-certs';
import { AppProcess } from './app-process.js';
import { stackPorts, type AppName } from './ports.js';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const e2eDataDir = join(repoRoot, 'e2e', '.data');

export const stackUrls = {
  idp: `https://localhost:${stackPorts.idp}`,
  api: `http://localhost:${stackPorts.api}`,
  web: `https://localhost:${stackPorts.web}`,
} as const;

export type Stack = Record<AppName, AppProcess>;

/** Where each app's package lives, relative to the repository root. */
const appFolders: Record<AppName, string> = {
  idp: 'packages/local-idp',
  api: 'apps/api',
  web: 'apps/web',
};

export function defineStack(tenantId: string = localDefaults.AUTH_TENANT_ID): Stack {
  const ca = readLocalhostTls().ca;
  const logs = join(e2eDataDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const env = (own: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
    const inherited = { ...process.env };
    // Settings that would change what the suite tests (other users, shorter tokens):
    // the stack runs with the emulator's defaults. (.env can still set them: see docs/testing.md.)
    for (const name of [
      'IDP_CONFIG_FILE',
      'IDP_ACCESS_TOKEN_LIFETIME_SECONDS',
      'IDP_REFRESH_TOKEN_LIFETIME_SECONDS',
    ]) {
      delete inherited[name];
    }
    return { ...inherited, NODE_EXTRA_CA_CERTS: certPaths(repoRoot).ca, ...own };
  };
  const app = (name: AppName, script: string, readyPath: string, own: NodeJS.ProcessEnv) =>
    new AppProcess({
      name: `${name} (${stackUrls[name]})`,
      cwd: join(repoRoot, appFolders[name]),
      script,
      env: env(own),
      readyUrl: `${stackUrls[name]}${readyPath}`,
      logFile: join(logs, `${name}.log`),
      ca,
    });

  return {
    idp: app('idp', 'start', `/${tenantId}/v2.0/.well-known/openid-configuration`, {
      IDP_DEV_CONTROLS: 'true',
      IDP_DATA_DIR: join(e2eDataDir, 'idp'),
      IDP_PORT: String(stackPorts.idp),
    }),
    api: app('api', 'start', '/health', {
      PORT: String(stackPorts.api),
      DATABASE_URL: join(e2eDataDir, 'pglite'),
      CORS_ORIGINS: stackUrls.web,
    }),
    web: app('web', 'preview', '/', {}),
  };
}

/** Empties the suite's data folders, so each run starts from fresh keys and no tasks. */
export function resetStackData(): void {
  for (const folder of ['idp', 'pglite', 'logs']) {
    rmSync(join(e2eDataDir, folder), { recursive: true, force: true });
  }
  mkdirSync(join(e2eDataDir, 'logs'), { recursive: true });
}

/**
 * Playwright global setup of the production-artifact test: the apps as they are deployed,
 * on free ports (so it runs beside `pnpm dev` and the e2e suite), from a temp folder outside
 * the repository:
 *   - PostgreSQL: a throw-away cluster of the PostgreSQL installed here;
 *   - the API: `pnpm deploy --legacy --prod`, started with the image's CMD and environment,
 *     configured by environment variables only (no .env outside the repository);
 *   - the SPA: the build, behind the web image's nginx configuration;
 *   - the local emulator (from the repository), as the identity provider.
 * Returns the teardown. Fails, naming what to install, when nginx or PostgreSQL is missing.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDefaults, locateRepoRoot } from '@pixy/config';
import { certPaths, readLocalhostTls } from '@pixy/dev-certs';
import { AppProcess } from '../stack/app-process.js';
import { e2eDataDir, repoRoot } from '../stack/stack.js';
import { apiDockerfile, deployApi, readApiImage } from './api-image.js';
import { artifactsVariable, type ArtifactsStack } from './artifacts-stack.js';
import { startThrowawayPostgres } from './postgres.js';
import { findPrerequisites } from './prerequisites.js';
import { prepareWebImage } from './web-image.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const started = Date.now();
  const prerequisites = findPrerequisites();
  const scratch = mkdtempSync(join(tmpdir(), 'pixy-artifacts-'));
  // Traversable by the users PostgreSQL's and nginx's processes may run as (under root).
  chmodSync(scratch, 0o711);
  if (locateRepoRoot(scratch) !== undefined) {
    throw new Error(`${scratch} is inside a repository: set TMPDIR to a folder outside it.`);
  }
  const logs = join(e2eDataDir, 'artifacts', 'logs');
  rmSync(logs, { recursive: true, force: true });
  mkdirSync(logs, { recursive: true });
  const { ca } = readLocalhostTls();

  const ports = { idp: await freePort(), api: await freePort(), web: await freePort() };
  const urls = {
    authority: `https://localhost:${ports.idp}/${localDefaults.AUTH_TENANT_ID}`,
    api: `http://localhost:${ports.api}`,
    web: `http://localhost:${ports.web}`,
  };
  // What an operator sets for this deployment (the local emulator's registrations).
  const deployment = {
    AUTH_AUTHORITY: urls.authority,
    SPA_CLIENT_ID: localDefaults.SPA_CLIENT_ID,
    API_CLIENT_ID: localDefaults.API_CLIENT_ID,
    SPA_URL: urls.web,
    API_URL: urls.api,
  };

  const inherited = { ...process.env };
  for (const name of ['IDP_CONFIG_FILE', 'IDP_ACCESS_TOKEN_LIFETIME_SECONDS']) {
    delete inherited[name];
  }
  const emulator = new AppProcess({
    name: `the emulator (${urls.authority})`,
    cwd: join(repoRoot, 'packages', 'local-idp'),
    script: { command: [process.execPath, 'dist/main.js'] },
    env: { ...inherited, ...deployment, IDP_DATA_DIR: join(scratch, 'idp') },
    readyUrl: `${urls.authority}/v2.0/.well-known/openid-configuration`,
    logFile: join(logs, 'idp.log'),
    ca,
  });
  const processes: AppProcess[] = [emulator];
  let stopPostgres = () => {};
  const stopAll = async () => {
    await Promise.all(processes.map((app) => app.stop()));
    stopPostgres();
    rmSync(scratch, { recursive: true, force: true });
  };

  try {
    const apiFolder = join(scratch, 'api');
    const deployed = deployApi(repoRoot, apiFolder).then(() => Date.now() - started);
    const emulatorReady = emulator.start();
    // Awaited below; until then a failure must not go unhandled.
    for (const work of [deployed, emulatorReady]) work.catch(() => {});
    const postgres = startThrowawayPostgres(
      prerequisites,
      join(scratch, 'postgres'),
      await freePort(),
    );
    stopPostgres = () => postgres.stop();
    const [deployMs] = await Promise.all([deployed, emulatorReady]);

    const image = readApiImage(apiDockerfile(repoRoot));
    // The image's environment and what an operator adds; nothing from this shell but PATH.
    const apiEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...image.env,
      ...deployment,
      PORT: String(ports.api),
      DATABASE_URL: postgres.url,
      // The emulator's certificate is signed by the dev CA (a real authority's by a public CA).
      NODE_EXTRA_CA_CERTS: certPaths(repoRoot).ca,
    };
    const api = new AppProcess({
      name: `the deployed API (${urls.api})`,
      cwd: apiFolder,
      script: { command: image.command },
      env: apiEnv,
      readyUrl: `${urls.api}/health/ready`,
      logFile: join(logs, 'api.log'),
      ca,
    });
    processes.push(api);

    const webEnv = {
      AUTH_AUTHORITY: deployment.AUTH_AUTHORITY,
      SPA_CLIENT_ID: deployment.SPA_CLIENT_ID,
      API_CLIENT_ID: deployment.API_CLIENT_ID,
      API_URL: deployment.API_URL,
      PORT: String(ports.web),
    };
    const nginx = prepareWebImage({
      folder: join(scratch, 'web'),
      dist: join(repoRoot, 'apps', 'web', 'dist'),
      mimeTypes: prerequisites.nginxMimeTypes,
      env: webEnv,
    });
    const web = new AppProcess({
      name: `the web image's nginx (${urls.web})`,
      cwd: nginx.prefix,
      script: {
        command: [
          prerequisites.nginx,
          ...['-p', nginx.prefix, '-c', nginx.confPath, '-e', 'stderr', '-g', 'daemon off;'],
        ],
      },
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      readyUrl: `${urls.web}/config.js`,
      logFile: join(logs, 'web.log'),
      ca,
    });
    processes.push(web);
    await Promise.all([api.start(), web.start()]);

    const stack: ArtifactsStack = {
      urls,
      healthcheck: { command: image.healthcheck, env: { ...apiEnv } },
      webEnv,
      dist: join(repoRoot, 'apps', 'web', 'dist'),
      apiFolder,
    };
    process.env[artifactsVariable] = JSON.stringify(stack);
    console.log(
      `Production artifacts ready in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(pnpm deploy ${(deployMs / 1000).toFixed(1)} s; PostgreSQL ${postgres.version}, ` +
        `${prerequisites.nginx}); logs in ${logs}`,
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
  return stopAll;
}

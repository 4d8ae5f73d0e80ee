#!/usr/bin/env node
/**
 * `pnpm dev` (after `pnpm certs`): starts the emulator, the API and the SPA together with
 * turbo (persistent tasks, every log line prefixed with its app), then, once all three
 * answer, prints where they are, the test users, and how to trust the dev CA. Ctrl-C
 * reaches turbo, which stops every app. Extra arguments go to `turbo run dev`.
 *
 * Only the three apps run (the shared packages are built once, before them): watchers for
 * every package would double the start-up time on a small machine and reload the SPA
 * while they compile. Working on a package? `pnpm exec turbo run dev` runs every watcher.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { listening } from './lib/listening.mjs';
import {
  ConfigReader,
  loadDotEnv,
  localDefaults,
  readStackConfig,
} from '../packages/config/dist/index.js';
import { certPaths, waitUntilReady } from '../packages/dev-certs/dist/index.js';

const started = performance.now();
loadDotEnv();
const reader = new ConfigReader();
const stack = readStackConfig(reader);
reader.finish();
const ca = readFileSync(certPaths().ca, 'utf8');
const localIdp = stack.authority.startsWith(localDefaults.IDP_ORIGIN);

// A port already taken (another `pnpm dev`, the e2e suite) would fail one app among the
// logs of the others: say it up front instead.
const ports = [
  ['the emulator', localIdp ? Number(new URL(stack.authority).port || 443) : undefined],
  ['the API', Number(new URL(stack.apiUrl).port || 80)],
  ['the SPA', Number(new URL(stack.spaUrl).port || 443)],
].filter(([, port]) => port !== undefined);
const taken = [];
for (const [name, port] of ports) if (await listening(port)) taken.push(`${port} (${name})`);
if (taken.length > 0) {
  console.error(
    `[pixy] Port ${taken.join(', ')} already in use: is Pixy already running (pnpm dev, or the e2e suite)? ` +
      'Stop it and run `pnpm dev` again.',
  );
  process.exit(1);
}

const apps = ['@pixy/local-idp', '@pixy/api', '@pixy/web'].map((app) => `--filter=${app}`);
const turbo = spawn('turbo', ['run', 'dev', '--ui=stream', ...apps, ...process.argv.slice(2)], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
// Ctrl-C goes to the whole terminal process group; turbo stops the apps, then we exit with it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => turbo.kill(signal));
turbo.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));

const checks = [
  ['Emulator', `${stack.authority}/v2.0/.well-known/openid-configuration`],
  ['API', `${stack.apiUrl}/health`],
  ['SPA', `${stack.spaUrl}/`],
].filter(([name]) => name !== 'Emulator' || localIdp);

// Ready means what it means everywhere in Pixy (the e2e suite, the tests): a 2xx answer.
const outcomes = await Promise.all(
  checks.map(([name, url]) =>
    waitUntilReady(url, { ca, timeoutMs: 120_000, gaveUp: () => turbo.exitCode !== null }).then(
      (outcome) => ({ name, outcome }),
    ),
  ),
);
const waiting = outcomes.filter(({ outcome }) => !outcome.ready).map(({ name }) => name);
if (turbo.exitCode === null) {
  if (waiting.length > 0)
    console.log(`\n[pixy] Still waiting for: ${waiting.join(', ')} (see their logs above).\n`);
  else await printBanner(((performance.now() - started) / 1000).toFixed(1));
}

async function printBanner(seconds) {
  // The emulator's own configuration (IDP_CONFIG_FILE included), built by now: the apps' dev
  // tasks depend on it. Names, scopes and roles are the emulator's, not spelled here.
  const { readLocalIdpSettings } = await import('../packages/local-idp/dist/index.js');
  const { config } = readLocalIdpSettings(new ConfigReader(), stack);
  const users = config.users.map((user) => {
    const scopes = user.consent?.[stack.apiClientId] ?? [];
    const roles = user.appRoles?.[stack.apiClientId] ?? [];
    const can =
      roles.length > 0 ? `${scopes.join(', ')} + app role ${roles.join(', ')}` : scopes.join(', ');
    return [user.displayName, user.username, can];
  });
  const lines = [
    '',
    `Pixy is running (ready in ${seconds} s). Open the SPA and sign in:`,
    `  SPA        ${stack.spaUrl}`,
    `  API        ${stack.apiUrl}   (OpenAPI UI: ${stack.apiUrl}/docs)`,
    localIdp
      ? `  Emulator   ${stack.authority}   (local Entra ID; sign-in page lists the test users)`
      : `  Authority  ${stack.authority}   (real Entra ID; the local emulator is not used)`,
    ...(localIdp
      ? [
          '',
          'Test users (no passwords: pick one on the sign-in page):',
          ...users.map(
            ([n, u, r]) => `  ${n.padEnd(14)} ${u.padEnd(19)} ${r || '(no scope of the API)'}`,
          ),
        ]
      : []),
    '',
    'Browser warns about the certificate? Trust the local CA once: `pnpm certs:trust`',
    '(or see docs/testing.md and the README for each OS). Stop everything with Ctrl-C.',
    '',
  ];
  console.log(lines.map((line) => `[pixy] ${line}`).join('\n'));
}

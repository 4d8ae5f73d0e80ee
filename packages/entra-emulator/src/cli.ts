/**
 * The `entra-emulator` command:
 *   entra-emulator start --config emulator.json [--port 8443] [--data-dir dir] [--dev-controls]
 *   entra-emulator check --config emulator.json
 *   entra-emulator token <username> <scope> [scope …] [--url https://localhost:8443] [--ca ca.pem]
 *                        [--client-id id] [--tenant id]
 * The config file holds the tenants, users and app registrations, and a `server` section
 * (see the README). Flags win over the file.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfigFile } from './config-file.js';
import { EmulatorConfigError, resolveDirectory } from './directory.js';
import { defaultPort, startEmulator } from './start-emulator.js';
import { fetchDevToken, TokenCommandError } from './token-command.js';

const usage = `Usage:
  entra-emulator start --config <file.json> [--port <n>] [--data-dir <dir>] [--dev-controls]
  entra-emulator check --config <file.json>
  entra-emulator token <username> <scope> [scope …] [--url <emulator url>] [--ca <ca.pem>] [--client-id <id>] [--tenant <id>]`;

/** A mistake on the command line or in the config file: its message says what to fix. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === 'help' || argv.includes('--help') || argv.includes('-h')) {
    return void console.log(usage);
  }
  const [command = 'start', ...rest] = argv[0]?.startsWith('-') ? ['start', ...argv] : argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: command === 'token',
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'dev-controls': { type: 'boolean' },
      url: { type: 'string' },
      ca: { type: 'string' },
      'client-id': { type: 'string' },
      tenant: { type: 'string' },
    },
  });

  if (command === 'token') {
    const token = await fetchDevToken({
      url: values.url ?? `https://localhost:${defaultPort}`,
      ca: values.ca === undefined ? undefined : readFileSync(values.ca, 'utf8'),
      args: positionals,
      defaultScopes: [],
      clientId: values['client-id'],
      tenant: values.tenant,
      usage,
    });
    process.stdout.write(`${token}\n`);
    return;
  }
  if (command !== 'start' && command !== 'check') throw new UsageError(usage);
  if (values.config === undefined)
    throw new UsageError(`Name the config file with --config.\n${usage}`);

  const file = readConfigFile(values.config);
  const problems = [...file.problems, ...resolveDirectory(file.config).problems];
  if (problems.length > 0) throw new EmulatorConfigError(problems);
  if (command === 'check') {
    console.log(`${values.config}: valid.`);
    return;
  }
  const tls = file.server.tls;
  if (!tls) {
    throw new UsageError(
      `${values.config} names no TLS certificate: MSAL talks to https authorities only. Add ` +
        `"server": {"tls": {"cert": "localhost.pem", "key": "localhost-key.pem", "ca": "ca.pem"}} ` +
        `(a certificate for localhost, 127.0.0.1 and ::1; e.g. \`mkcert localhost 127.0.0.1 ::1\`).`,
    );
  }
  const read = (path: string) => readFileSync(path, 'utf8');
  const emulator = await startEmulator({
    config: file.config,
    dataDir:
      values['data-dir'] ??
      file.server.dataDir ??
      resolve(dirname(values.config), '.entra-emulator'),
    tls: { cert: read(tls.cert), key: read(tls.key), ...(tls.ca ? { ca: read(tls.ca) } : {}) },
    port: values.port === undefined ? (file.server.port ?? defaultPort) : readPort(values.port),
    devControls: values['dev-controls'] ?? file.server.devControls ?? false,
    lifetimes: file.server.lifetimes ?? {},
  });
  console.log(`Entra ID emulator (development only) at ${emulator.url}`);
  for (const tenant of emulator.directory.tenants) {
    console.log(`  ${tenant.displayName}: ${emulator.authorityFor(tenant.id)}`);
  }
  console.log(
    `  also ${['organizations', 'common', 'consumers'].map((a) => emulator.authorityFor(a)).join(', ')}`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void emulator.close().then(() => process.exit(0));
    });
  }
}

function readPort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new UsageError(`--port must be 0 to 65535 (got "${value}").`);
  return port;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known =
    error instanceof UsageError ||
    error instanceof EmulatorConfigError ||
    error instanceof TokenCommandError ||
    (error instanceof Error &&
      (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION');
  // Known failures say what to fix; a stack trace would only bury that.
  console.error(known ? (error as Error).message : error);
  process.exit(1);
});

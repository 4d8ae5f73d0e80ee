/**
 * The `pnpm entra:setup` command line: reads the configuration (root .env, environment),
 * runs the setup against the Azure CLI (or prints it, with --dry-run), merges the new
 * values into .env and says what to do next. Separate from cli.ts so tests call it in-process.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppRoles } from '@pixy/auth-contract';
import { ConfigError, ConfigReader, loadDotEnv, localDefaults } from '@pixy/config';
import { AzureCli } from './az-cli.js';
import { DryRunAz } from './dry-run.js';
import { mergeEnv } from './env-file.js';
import { setupEntra } from './setup.js';

export const usage = `Usage: pnpm entra:setup [options]

Creates or updates Pixy's app registrations (SPA, API, OpenAPI UI) in the tenant the
Azure CLI is signed in to (\`az login --tenant <id> --allow-no-subscriptions\`), then
writes their IDs to .env. Safe to run again: it changes only what differs.

Options:
  --dry-run         print the az calls (and the .env lines) without making them
  --assign-admin    also give you, the signed-in user, the app role ${AppRoles.TasksAdmin}
  --multi-tenant    let accounts of other Entra tenants sign in (AzureADMultipleOrgs); sets
                    AUTH_AUTHORITY=.../organizations and adds this tenant to AUTH_ALLOWED_TENANTS
  --app-name NAME   display-name prefix (default "Pixy": "Pixy SPA", "Pixy API", "Pixy OpenAPI UI")
  --spa-url URL     the SPA's origin (default: SPA_URL, else ${localDefaults.SPA_URL})
  --api-url URL     the API's base URL (default: API_URL, else ${localDefaults.API_URL})
  -h, --help        show this text`;

export interface MainIo {
  /** The repository root: where .env is read and written. */
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** How long to wait before retrying a call Graph is not ready for (tests shorten it). */
  readonly azRetryDelaysMs?: readonly number[];
}

/** Runs the command; resolves to the process exit code. */
export async function main(argv: readonly string[], io: MainIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'dry-run': { type: 'boolean', default: false },
        'assign-admin': { type: 'boolean', default: false },
        'multi-tenant': { type: 'boolean', default: false },
        'app-name': { type: 'string', default: 'Pixy' },
        'spa-url': { type: 'string' },
        'api-url': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    io.stdout(usage);
    return 0;
  }

  const env = { ...io.env };
  loadDotEnv(io.root, env);
  if (values['spa-url']) env.SPA_URL = values['spa-url'];
  if (values['api-url']) env.API_URL = values['api-url'];
  const reader = new ConfigReader(env);
  const spaUrl = reader.url('SPA_URL', localDefaults.SPA_URL, {
    protocols: ['http:', 'https:'],
    originOnly: true,
  });
  const apiUrl = reader.url('API_URL', localDefaults.API_URL, { protocols: ['http:', 'https:'] });
  // The local stack's fixed IDs name no real registration: ignore them.
  const known = (
    name: 'SPA_CLIENT_ID' | 'API_CLIENT_ID' | 'OPENAPI_CLIENT_ID' | 'DAEMON_CLIENT_ID',
  ) => {
    const value = env[name]?.trim();
    if (!value || value.toLowerCase() === localDefaults[name]) return undefined;
    return reader.guid(name, localDefaults[name]);
  };
  const ids = {
    spa: known('SPA_CLIENT_ID'),
    api: known('API_CLIENT_ID'),
    openApi: known('OPENAPI_CLIENT_ID'),
    daemon: known('DAEMON_CLIENT_ID'),
  };
  // A secret .env already holds (other than the emulator's dev ones) is kept, not replaced.
  const hasSecret = (name: 'API_CLIENT_SECRET' | 'DAEMON_CLIENT_SECRET') => {
    const value = env[name]?.trim();
    return value !== undefined && value !== '' && value !== localDefaults[name];
  };
  const haveSecrets = {
    api: hasSecret('API_CLIENT_SECRET'),
    daemon: hasSecret('DAEMON_CLIENT_SECRET'),
  };
  try {
    reader.finish();
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(error.message);
      return 1;
    }
    throw error;
  }

  const dryRun = values['dry-run'];
  if (dryRun)
    io.stdout('Dry run: these are the az calls `pnpm entra:setup` would make; none is made.');
  const az = dryRun
    ? new DryRunAz(io.stdout)
    : new AzureCli({ env: io.env, onRetry: io.stdout, retryDelaysMs: io.azRetryDelaysMs });
  let result;
  try {
    result = await setupEntra({
      az,
      appName: values['app-name'],
      spaUrl,
      apiUrl,
      known: ids,
      haveSecrets,
      assignAdmin: values['assign-admin'],
      multiTenant: values['multi-tenant'],
      allowedTenants: reader.list('AUTH_ALLOWED_TENANTS', []).map((id) => id.toLowerCase()),
      log: dryRun ? () => {} : io.stdout,
    });
  } catch (error) {
    io.stderr(`pnpm entra:setup: ${(error as Error).message}`);
    return 1;
  }

  const envValues: Record<string, string> = { ...result.env };
  if (values['spa-url']) envValues.SPA_URL = spaUrl;
  if (values['api-url']) envValues.API_URL = apiUrl;
  const envPath = join(io.root, '.env');
  // Secrets go to .env only: never to the terminal (scrollback, CI logs, screen shares).
  const shown = (name: string) =>
    result.secretNames.includes(name) ? '<secret, not shown>' : envValues[name];
  if (dryRun) {
    io.stdout(`\nIt would then set in ${envPath}:`);
    for (const name of Object.keys(envValues)) io.stdout(`  ${name}=${shown(name)}`);
    return 0;
  }

  const merged = mergeEnv(readIfExists(envPath), envValues);
  writeFileSync(envPath, merged.text, { mode: 0o600 });
  io.stdout(`\n${envPath}:`);
  for (const [name, change] of Object.entries(merged.changes)) {
    io.stdout(`  ${name}=${shown(name)} (${change})`);
  }
  const next = values['multi-tenant']
    ? [
        '',
        'Next: `pnpm dev`, open ' + `${spaUrl}/` + ' and sign in with an account of this tenant.',
        'The API accepts the tenants in AUTH_ALLOWED_TENANTS. For a partner tenant, add its ID',
        'there, and have one of its administrators consent once, for their whole tenant:',
        `  https://login.microsoftonline.com/<partner-tenant-id>/adminconsent?client_id=${result.spaAppId}`,
        'docs/entra-id.md ("Multi-tenant") explains each step.',
      ]
    : [
        '',
        'Next: `pnpm dev`, open ' + `${spaUrl}/` + ' and sign in with an account of this tenant.',
        'The API accepts tokens of this tenant only; see docs/entra-id.md for what each',
        'registration holds, consent, app roles, and the common AADSTS errors.',
      ];
  io.stdout(next.join('\n'));
  return 0;
}

function readIfExists(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

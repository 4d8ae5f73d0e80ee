#!/usr/bin/env node
/**
 * Pixy's local identity provider, and the only module here that reads the environment:
 *   node dist/main.js                         serve https://localhost:8443 until stopped
 *   node dist/main.js token <user> [scope …]  print an access token (needs IDP_DEV_CONTROLS=true)
 *   node dist/main.js config                  print the emulator's configuration as JSON
 */
import { allScopes } from '@pixy/auth-contract';
import { ConfigError, ConfigReader, loadDotEnv, readStackConfig } from '@pixy/config';
import { MissingDevCertsError, readLocalhostTls } from '@pixy/dev-certs';
import { fetchDevToken, startEmulator, TokenCommandError } from '@pixy/entra-emulator';
import { readLocalIdpSettings } from './local-idp-settings.js';

const tokenUsage =
  'Usage: pnpm -s --filter @pixy/local-idp token <username> [scope …]   e.g. token alice@pixy.test Tasks.Read';

async function main(args: readonly string[]): Promise<void> {
  loadDotEnv();
  const reader = new ConfigReader();
  const stack = readStackConfig(reader);
  const settings = readLocalIdpSettings(reader, stack);
  reader.finish();

  if (args[0] === 'config') {
    process.stdout.write(`${JSON.stringify(settings.config, null, 2)}\n`);
    return;
  }
  if (args[0] === 'token') {
    const token = await fetchDevToken({
      url: `https://localhost:${settings.port}`,
      ca: readLocalhostTls().ca,
      args: args.slice(1),
      defaultScopes: allScopes,
      usage: tokenUsage,
    });
    process.stdout.write(`${token}\n`);
    return;
  }

  const tls = readLocalhostTls();
  const emulator = await startEmulator({ ...settings, tls });
  const users = emulator.directory.users.map((user) => user.username).join(', ');
  console.log(`Pixy local Entra ID emulator (development only) at ${emulator.authority}`);
  console.log(`  discovery: ${emulator.issuer}/.well-known/openid-configuration`);
  console.log(`  users: ${users}`);
  console.log(
    `  signing keys: ${settings.dataDir}; dev controls: ${settings.devControls ? 'on' : 'off'}`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void emulator.close().then(() => process.exit(0));
    });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known =
    error instanceof ConfigError ||
    error instanceof MissingDevCertsError ||
    error instanceof TokenCommandError;
  // Known failures say what to fix; a stack trace would only bury that.
  console.error(known ? error.message : error);
  process.exit(1);
});

#!/usr/bin/env node
/**
 * The emulator's command line, and the only module that reads the environment.
 *   node dist/main.js                         serve https://localhost:8443 until stopped
 *   node dist/main.js token <user> [scope …]  print an access token (needs IDP_DEV_CONTROLS=true)
 */
import { allScopes } from '@pixy/auth-contract';
import { ConfigError, ConfigReader, loadDotEnv, readStackConfig } from '@pixy/config';
import { MissingDevCertsError, readLocalhostTls } from '@pixy/dev-certs';
import { readIdpSettings } from './idp-config.js';
import { startIdp } from './start-idp.js';
import { fetchDevToken, TokenCommandError } from './token-command.js';

async function main(args: readonly string[]): Promise<void> {
  loadDotEnv();
  const reader = new ConfigReader();
  const stack = readStackConfig(reader);
  const settings = readIdpSettings(reader, stack);
  reader.finish();

  if (args[0] === 'token') {
    const token = await fetchDevToken({
      origin: `https://localhost:${settings.port}`,
      ca: readLocalhostTls().ca,
      args: args.slice(1),
      defaultScopes: allScopes,
    });
    process.stdout.write(`${token}\n`);
    return;
  }

  const idp = await startIdp(settings);
  const users = idp.directory.users.map((user) => user.username).join(', ');
  console.log(`Pixy local Entra ID emulator (development only) at ${idp.authority}`);
  console.log(`  discovery: ${idp.issuer}/.well-known/openid-configuration`);
  console.log(`  users: ${users}`);
  console.log(
    `  signing keys: ${settings.dataDir}; dev controls: ${settings.devControls ? 'on' : 'off'}`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void idp.close().then(() => process.exit(0));
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

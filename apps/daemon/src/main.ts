#!/usr/bin/env node
// `pnpm --filter @pixy/daemon start`: the app-only sample. Reads the root .env and the
// environment, gets a token with client credentials, prints every user's open tasks.
// Exits 0 on success, 1 with a message that says what to fix, 2 on bad configuration.
import { authorityAgent } from '@pixy/authority-https';
import { ConfigError, loadDotEnv } from '@pixy/config';
import { readDaemonConfig } from './daemon-config.js';
import { DaemonError, runDaemon } from './daemon.js';

loadDotEnv();
try {
  const config = readDaemonConfig(process.env);
  const agent = authorityAgent(config.authority);
  try {
    await runDaemon(config, { agent, write: (line) => console.log(line) });
  } finally {
    agent.destroy();
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error instanceof DaemonError ? error.message : error);
  process.exit(1);
}

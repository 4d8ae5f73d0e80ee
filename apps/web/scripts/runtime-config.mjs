// Writes the SPA's runtime configuration into a build, for static hosts that cannot write it
// at start-up as the web image does (Azure Static Web Apps, a storage bucket behind a CDN):
//   pnpm --filter @pixy/web runtime-config [--out <dir>] [--static-web-apps]
// <dir> (default dist)/config.js from AUTH_AUTHORITY, SPA_CLIENT_ID, API_CLIENT_ID and
// API_URL (the environment, then the root .env), validated as every app validates them.
// --static-web-apps: also <dir>/staticwebapp.config.json, from apps/web's, with the API's and
// the authority's origins filled into its Content-Security-Policy.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ConfigError,
  ConfigReader,
  loadDotEnv,
  readWebConfig,
  renderWebConfigScript,
  staticServerValues,
} from '@pixy/config';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = resolve(outIndex === -1 ? 'dist' : args[outIndex + 1]);
const unknown = args.filter(
  (arg, i) => !['--out', '--static-web-apps'].includes(arg) && i !== outIndex + 1,
);
if (unknown.length > 0 || (outIndex !== -1 && args[outIndex + 1] === undefined)) {
  console.error('Usage: pnpm --filter @pixy/web runtime-config [--out <dir>] [--static-web-apps]');
  process.exit(2);
}

let config;
try {
  loadDotEnv();
  const reader = new ConfigReader();
  config = readWebConfig(reader);
  reader.finish();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

try {
  readFileSync(join(out, 'index.html'));
} catch {
  console.error(
    `${out} holds no built SPA (index.html): run \`pnpm --filter @pixy/web build\` first.`,
  );
  process.exit(1);
}

writeFileSync(join(out, 'config.js'), renderWebConfigScript(config));
console.log(`Wrote ${join(out, 'config.js')} (${config.authority}, API ${config.apiUrl}).`);

if (args.includes('--static-web-apps')) {
  const values = staticServerValues(config);
  const template = readFileSync(
    join(import.meta.dirname, '..', 'staticwebapp.config.json'),
    'utf8',
  );
  const rendered = template.replace(/\$\{(PIXY_\w*)\}/g, (whole, name) => {
    if (!(name in values)) throw new Error(`staticwebapp.config.json: unknown ${whole}`);
    return values[name];
  });
  writeFileSync(join(out, 'staticwebapp.config.json'), rendered);
  console.log(`Wrote ${join(out, 'staticwebapp.config.json')}.`);
}

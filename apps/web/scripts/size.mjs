// Builds the SPA and prints the gzip size of the JavaScript the first route loads, with
// budgets, so growth is a decision. Two figures, from Vite's manifest:
// - the first route: the entry chunk of index.html and every chunk it imports statically,
//   all the browser runs before the first render;
// - MSAL's start-up (src/lib/auth/start-auth.ts and what it imports that the first route
//   does not), loaded beside the first render and needed before the page can show who is
//   signed in. Lazy pages count in neither.
// Usage: pnpm --filter @pixy/web size
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// kB = 1000 bytes, as Vite reports sizes.
const budgets = { firstRoute: 150, withMsal: 175 };
const authStart = 'src/lib/auth/start-auth.ts';
const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// A build of its own, so a `vite preview` serving dist/ is left alone.
const distDir = mkdtempSync(join(tmpdir(), 'pixy-web-size-'));
process.on('exit', () => rmSync(distDir, { recursive: true, force: true }));

execFileSync(
  process.execPath,
  [join(appDir, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', distDir, '--emptyOutDir'],
  { cwd: appDir, stdio: ['ignore', 'ignore', 'inherit'] },
);

const manifest = JSON.parse(readFileSync(join(distDir, '.vite/manifest.json'), 'utf8'));
const entry = Object.entries(manifest).find(
  ([, chunk]) => chunk.isEntry && chunk.src === 'index.html',
);
if (!entry) throw new Error('No entry chunk for index.html in dist/.vite/manifest.json');
if (!manifest[authStart]) throw new Error(`No chunk for ${authStart}: is MSAL still loaded apart?`);

/** A chunk and its static imports, transitively, leaving out files already in `seen`. */
function chunkFiles(key, seen = new Set()) {
  const files = new Set();
  const visit = (name) => {
    const chunk = manifest[name];
    if (!chunk || seen.has(chunk.file) || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(key);
  return files;
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
/** Prints each file's gzip size and the total against the budget; returns the total. */
function report(files, extra = 0) {
  const rows = [...files].map((file) => ({
    file,
    gzip: gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length,
  }));
  rows.sort((a, b) => b.gzip - a.gzip);
  for (const { file, gzip } of rows) console.log(`${kb(gzip).padStart(10)}  ${file}`);
  return rows.reduce((total, row) => total + row.gzip, extra);
}

const failures = [];
function check(name, total, budget) {
  console.log(`${kb(total).padStart(10)}  ${name}, JavaScript, gzip (budget ${budget} kB)\n`);
  if (total > budget * 1000) failures.push(`${name}: over budget by ${kb(total - budget * 1000)}`);
}

const firstRoute = chunkFiles(entry[0]);
const first = report(firstRoute);
check('first route: before the first render', first, budgets.firstRoute);
const withMsal = report(chunkFiles(authStart, firstRoute), first);
check(
  'first route + MSAL start-up: before the page shows who is signed in',
  withMsal,
  budgets.withMsal,
);
if (failures.length > 0) {
  console.error(`${failures.join('; ')}. Lazy-load or drop something.`);
  process.exit(1);
}

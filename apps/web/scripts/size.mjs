// Builds the SPA and prints the gzip size of the JavaScript the first route loads: the
// entry chunk of index.html and every chunk it imports statically (from Vite's
// manifest), not the lazy pages. Fails above the budget, so growth is a decision.
// Usage: pnpm --filter @pixy/web size
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const budgetKb = 175; // kB = 1000 bytes, as Vite reports sizes
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

// The entry and its static imports, transitively: what the browser loads before Home renders.
const files = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
visit(entry[0]);

let total = 0;
const rows = [...files].map((file) => {
  const gzip = gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length;
  total += gzip;
  return { file, gzip };
});
rows.sort((a, b) => b.gzip - a.gzip);
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
for (const { file, gzip } of rows) console.log(`${kb(gzip).padStart(10)}  ${file}`);
console.log(`${kb(total).padStart(10)}  first route, JavaScript, gzip (budget ${budgetKb} kB)`);
if (total > budgetKb * 1000) {
  console.error(`Over budget by ${kb(total - budgetKb * 1000)}: lazy-load or drop something.`);
  process.exit(1);
}

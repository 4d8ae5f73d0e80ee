// For tests: a fresh PGlite data directory in under a second. Creating one from scratch
// runs initdb (~2.5–4 s and ~850 MB of memory at its peak), so the first call makes an
// empty template once per machine and PGlite version (in the OS temp folder, kept on
// purpose across runs) and every call copies it. A copy opens like any existing database
// (~0.5 s, ~300 MB); the test removes its copy with remove().
import { cp, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

export interface TestPgliteDirectory {
  /** Absolute path of the data directory, for openTasksStore(path). */
  path: string;
  remove(): Promise<void>;
}

export async function createTestPgliteDirectory(): Promise<TestPgliteDirectory> {
  const template = await ensureTemplate();
  const path = await mkdtemp(join(tmpdir(), 'pixy-pglite-test-'));
  const remove = () => rm(path, { recursive: true, force: true });
  try {
    await cp(template, path, { recursive: true });
  } catch (error) {
    await remove(); // a half-made copy nobody would remove
    throw error;
  }
  return { path, remove };
}

async function ensureTemplate(): Promise<string> {
  const template = join(tmpdir(), `pixy-pglite-template-${pgliteVersion()}`);
  if (await exists(join(template, 'PG_VERSION'))) return template;
  // Built aside and renamed into place: test workers that race here each build one, the
  // first rename wins, and nobody ever copies a half-written template.
  const building = await mkdtemp(`${template}-building-`);
  try {
    const db = await PGlite.create(building);
    await db.close();
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  }
  try {
    await rename(building, template);
  } catch {
    await rm(building, { recursive: true, force: true }); // another worker was first
  }
  return template;
}

function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let folder = dirname(require.resolve('@electric-sql/pglite'));
  // The package does not export its package.json: walk up from its entry point.
  for (;;) {
    try {
      const manifest = require(join(folder, 'package.json')) as { name?: string; version: string };
      if (manifest.name === '@electric-sql/pglite') return manifest.version;
    } catch {
      // not here; keep walking
    }
    const parent = dirname(folder);
    if (parent === folder) return 'unknown';
    folder = parent;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

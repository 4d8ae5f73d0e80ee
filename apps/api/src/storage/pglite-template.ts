// An empty, initialised PGlite data directory to copy, so that no API process ever runs
// initdb itself: initdb takes ~2.5–4 s and ~600 MB of memory that the process keeps, while
// a copy opens like any existing database (~0.5 s, ~200 MB with the settings below). The
// template is made once per machine and PGlite version, in a child process (which takes
// initdb's memory with it when it exits), in the OS temp folder.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);

/**
 * PostgreSQL settings for an embedded, single-user database: PGlite's defaults reserve
 * 128 MB of shared buffers, which this API's few rows never need.
 */
export const pgliteSettings = 'shared_buffers = 8MB\nwork_mem = 1MB\nmaintenance_work_mem = 8MB\n';

/** Fills `directory` (created if missing, empty) with a fresh empty database. */
export async function copyPgliteTemplate(directory: string): Promise<void> {
  await cp(await ensurePgliteTemplate(), directory, { recursive: true });
}

/** Whether `directory` already holds a PostgreSQL data directory. */
export async function holdsDatabase(directory: string): Promise<boolean> {
  return exists(join(directory, 'PG_VERSION'));
}

let building: Promise<string> | undefined;

/** The template's path, made now if missing. Safe when several processes race here. */
export function ensurePgliteTemplate(): Promise<string> {
  building ??= buildTemplate().finally(() => {
    building = undefined;
  });
  return building;
}

async function buildTemplate(): Promise<string> {
  const template = join(tmpdir(), `pixy-pglite-template-${pgliteVersion()}`);
  if (await holdsDatabase(template)) return template;
  // Built aside and renamed into place: processes that race here each build one, the
  // first rename wins, and nobody ever copies a half-written template.
  const aside = await mkdtemp(`${template}-building-`);
  try {
    const pglite = pathToFileURL(require.resolve('@electric-sql/pglite')).href;
    const script =
      `const { PGlite } = await import(${JSON.stringify(pglite)});` +
      `const db = await PGlite.create(${JSON.stringify(aside)});` +
      `await db.close();`;
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      timeout: 120_000,
    });
  } catch (error) {
    await rm(aside, { recursive: true, force: true });
    throw new Error(`Could not create an empty PGlite database: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    await rename(aside, template);
  } catch {
    await rm(aside, { recursive: true, force: true }); // another process was first
  }
  return template;
}

function pgliteVersion(): string {
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

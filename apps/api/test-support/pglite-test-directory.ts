// For tests: a fresh PGlite data directory in under a second, copied from the empty
// template the API itself uses (pglite-template.ts); the test removes it with remove().
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyPgliteTemplate } from '../src/storage/pglite-template.js';

export interface TestPgliteDirectory {
  /** Absolute path of the data directory, for openTasksStore(path). */
  path: string;
  remove(): Promise<void>;
}

export async function createTestPgliteDirectory(): Promise<TestPgliteDirectory> {
  const path = await mkdtemp(join(tmpdir(), 'pixy-pglite-test-'));
  const remove = () => rm(path, { recursive: true, force: true });
  try {
    await copyPgliteTemplate(path);
  } catch (error) {
    await remove(); // a half-made copy nobody would remove
    throw error;
  }
  return { path, remove };
}

/**
 * Vitest global setup: a test CA and localhost certificate in a temporary folder, trusted
 * by the test workers through NODE_EXTRA_CA_CERTS (set here, before they start, because
 * Node reads it only at process start). Tests read the file paths with `inject('idpTestCerts')`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certPaths, ensureDevCerts, type CertPaths } from '@pixy/dev-certs';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    idpTestCerts: CertPaths;
  }
}

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'pixy-idp-test-ca-'));
  const paths = certPaths(root);
  ensureDevCerts(paths);
  process.env.NODE_EXTRA_CA_CERTS = paths.ca;
  project.provide('idpTestCerts', paths);
  return () => rmSync(root, { recursive: true, force: true });
}

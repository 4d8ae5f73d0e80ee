/** Where the local certificates live, and reading them with a message that says what to do. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '@pixy/config';

export interface CertPaths {
  /** The folder, `<repo>/.certs`. */
  readonly dir: string;
  /** The dev CA's certificate: trust this one. */
  readonly ca: string;
  /** The dev CA's private key (only `pnpm certs` reads it). */
  readonly caKey: string;
  /** The localhost certificate, for TLS servers. */
  readonly cert: string;
  /** The localhost certificate's private key. */
  readonly key: string;
}

export function certPaths(root: string = findRepoRoot()): CertPaths {
  const dir = join(root, '.certs');
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    cert: join(dir, 'localhost.pem'),
    key: join(dir, 'localhost-key.pem'),
  };
}

/** Thrown when the local certificates have not been generated yet. */
export class MissingDevCertsError extends Error {
  override readonly name = 'MissingDevCertsError';
  constructor(readonly path: string) {
    super(`The local TLS certificate ${path} does not exist: run \`pnpm certs\` first.`);
  }
}

export interface LocalhostTls {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
}

/** The localhost certificate, its key and the CA, as PEM text for a TLS server or client. */
export function readLocalhostTls(paths: CertPaths = certPaths()): LocalhostTls {
  const read = (path: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingDevCertsError(path);
      throw error;
    }
  };
  return { cert: read(paths.cert), key: read(paths.key), ca: read(paths.ca) };
}

/**
 * Making the test browser trust the local dev CA, preferring real trust over ignoring
 * errors, so the tests see certificates as a user's browser does:
 * 1. Linux with certutil (Debian: libnss3-tools): a throw-away NSS database holding the CA,
 *    in a HOME of its own that only the test browser gets. Chromium on Linux reads its
 *    trust store from $HOME/.pki/nssdb; the user's own database is never touched.
 * 2. Elsewhere, or without certutil: --ignore-certificate-errors-spki-list pinned to the
 *    dev CA's and the localhost certificate's public keys: only certificates from this
 *    CA pass, every other certificate error still fails.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type CaTrust =
  | {
      readonly kind: 'nss';
      /** The HOME to give the browser; its .pki/nssdb trusts the CA. */
      readonly home: string;
    }
  | {
      readonly kind: 'spki';
      /** Base64 SHA-256 hashes of the CA's and the leaf's SubjectPublicKeyInfo. */
      readonly spkiHashes: readonly string[];
      /** Why the NSS database was not used, for a person reading the test output. */
      readonly reason: string;
    };

export interface TrustOptions {
  /** The dev CA certificate (PEM). */
  readonly caPath: string;
  /** The localhost certificate (PEM), pinned too in the SPKI fallback. */
  readonly certPath?: string;
  readonly platform?: NodeJS.Platform;
  /** Where throw-away HOMEs go; defaults to the OS temp folder. */
  readonly cacheDir?: string;
  /** The certutil binary; tests point it at a missing file to force the fallback. */
  readonly certutil?: string;
}

/** The nickname of the CA inside the NSS database (what `certutil -L` lists). */
export const nssNickname = 'Pixy local development CA (tests)';

export function trustDevCa(options: TrustOptions): CaTrust {
  const platform = options.platform ?? process.platform;
  const caPem = readFileSync(options.caPath, 'utf8');
  if (platform === 'linux') {
    const certutil = options.certutil ?? 'certutil';
    const result = nssHomeTrusting(caPem, options.caPath, certutil, options.cacheDir ?? tmpdir());
    if (result.kind === 'nss') return result;
    return spkiTrust(caPem, options.certPath, result.reason);
  }
  return spkiTrust(
    caPem,
    options.certPath,
    `Chromium on ${platform} does not read an NSS database from HOME`,
  );
}

/** Base64 SHA-256 of a certificate's SubjectPublicKeyInfo, as Chromium's SPKI flags expect. */
export function spkiHash(pem: string): string {
  const der = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

function spkiTrust(caPem: string, certPath: string | undefined, reason: string): CaTrust {
  const hashes = [spkiHash(caPem)];
  if (certPath && existsSync(certPath)) hashes.push(spkiHash(readFileSync(certPath, 'utf8')));
  return { kind: 'spki', spkiHashes: hashes, reason };
}

/**
 * A HOME whose NSS database trusts the CA. Named after the CA's fingerprint and built
 * in a scratch folder then renamed into place, so concurrent test workers share one and
 * a regenerated CA gets a fresh one.
 */
function nssHomeTrusting(
  caPem: string,
  caPath: string,
  certutil: string,
  cacheDir: string,
): { kind: 'nss'; home: string } | { kind: 'failed'; reason: string } {
  const fingerprint = createHash('sha256').update(caPem).digest('hex').slice(0, 16);
  const home = join(cacheDir, `pixy-chromium-home-${fingerprint}`);
  const ready = join(home, '.pki', 'nssdb', 'cert9.db');
  if (existsSync(ready)) return { kind: 'nss', home };

  const scratch = mkdtempSync(join(cacheDir, `pixy-chromium-home-${fingerprint}-`));
  try {
    const db = join(scratch, '.pki', 'nssdb');
    mkdirSync(db, { recursive: true });
    execFileSync(certutil, ['-d', `sql:${db}`, '-N', '--empty-password'], { stdio: 'pipe' });
    execFileSync(
      certutil,
      ['-d', `sql:${db}`, '-A', '-t', 'C,,', '-n', nssNickname, '-i', caPath],
      {
        stdio: 'pipe',
      },
    );
    try {
      renameSync(scratch, home);
    } catch (error) {
      // Another worker finished first: use theirs.
      if (!existsSync(ready)) throw error;
      rmSync(scratch, { recursive: true, force: true });
    }
    return { kind: 'nss', home };
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    return {
      kind: 'failed',
      reason:
        code === 'ENOENT'
          ? 'certutil was not found (Debian/Ubuntu: apt-get install libnss3-tools)'
          : `certutil failed: ${(error as Error).message.split('\n')[0]}`,
    };
  }
}

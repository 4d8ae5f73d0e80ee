import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDevCerts } from './generate.js';
import { MissingDevCertsError, certPaths, readLocalhostTls } from './paths.js';
import { trustCommand, trustSteps, type RunProgram } from './trust.js';

const tempFolders: string[] = [];
afterEach(() => {
  for (const folder of tempFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempPaths() {
  const folder = mkdtempSync(join(tmpdir(), 'pixy-certs-'));
  tempFolders.push(folder);
  return certPaths(folder);
}

function get(url: string, ca: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, ca ? { ca } : {}, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('ensureDevCerts', () => {
  it('creates a CA and a localhost certificate for localhost, 127.0.0.1 and ::1', () => {
    const paths = tempPaths();
    expect(ensureDevCerts(paths)).toMatchObject({ ca: 'created', localhost: 'created' });

    const ca = new X509Certificate(readFileSync(paths.ca));
    const leaf = new X509Certificate(readFileSync(paths.cert));
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkIP('::1')).toBe('::1');
    expect(leaf.checkHost('example.com')).toBeUndefined();
    expect(statSync(paths.key).mode & 0o077).toBe(0);
    expect(statSync(paths.caKey).mode & 0o077).toBe(0);
  });

  it('keeps valid certificates, so a trusted CA stays trusted', () => {
    const paths = tempPaths();
    const first = ensureDevCerts(paths);
    const leaf = readFileSync(paths.cert, 'utf8');
    expect(ensureDevCerts(paths)).toEqual({ ...first, ca: 'kept', localhost: 'kept' });
    expect(readFileSync(paths.cert, 'utf8')).toBe(leaf);
  });

  it('replaces a localhost certificate that is about to expire, keeping the CA', () => {
    const paths = tempPaths();
    const first = ensureDevCerts(paths);
    const nextYear = new Date(Date.now() + 380 * 24 * 3600 * 1000);
    expect(ensureDevCerts(paths, nextYear)).toEqual({ ...first, ca: 'kept', localhost: 'created' });
  });

  it('replaces files that are not certificates', () => {
    const paths = tempPaths();
    ensureDevCerts(paths);
    writeFileSync(paths.ca, 'garbage');
    expect(ensureDevCerts(paths)).toMatchObject({ ca: 'created', localhost: 'created' });
  });

  it('serves TLS that a client trusting only the CA accepts', async () => {
    const paths = tempPaths();
    ensureDevCerts(paths);
    const tls = readLocalhostTls(paths);
    const server = createServer({ cert: tls.cert, key: tls.key }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await get(`https://localhost:${port}/`, tls.ca)).toBe(200);
      await expect(get(`https://localhost:${port}/`, undefined)).rejects.toThrow(/certificate/i);
    } finally {
      server.close();
    }
  });
});

describe('readLocalhostTls', () => {
  it('says to run pnpm certs when the files are missing', () => {
    expect(() => readLocalhostTls(tempPaths())).toThrow(MissingDevCertsError);
    expect(() => readLocalhostTls(tempPaths())).toThrow(/run `pnpm certs`/);
  });
});

describe('trustSteps', () => {
  it('gives a command for every OS', () => {
    expect(trustSteps('/x/ca.pem', 'linux')[0]?.command).toMatch(
      /^certutil -d sql:.*-i \/x\/ca.pem$/,
    );
    expect(trustSteps('/x/ca.pem', 'darwin')[0]?.command).toMatch(/^security add-trusted-cert/);
    expect(trustSteps('C:\\x\\ca.pem', 'win32')[0]?.command).toBe(
      'certutil -user -addstore Root C:\\x\\ca.pem',
    );
  });
});

describe('pnpm certs:trust', () => {
  function runTrust(run: RunProgram) {
    const home = mkdtempSync(join(tmpdir(), 'pixy-trust-home-'));
    tempFolders.push(home);
    const out: string[] = [];
    const err: string[] = [];
    const code = trustCommand('/x/ca.pem', {
      platform: 'linux',
      home,
      run,
      log: (line) => out.push(line),
      error: (line) => err.push(line),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('fails when it trusted nothing, naming the package that provides certutil', () => {
    const { code, out, err } = runTrust((file) => `${file} is not installed`);
    expect(code).toBe(1);
    expect(out).toContain('certutil is not installed: install libnss3-tools');
    expect(err).toContain('Nothing was trusted');
  });

  it('fails when certutil refuses', () => {
    const { code } = runTrust((_file, args) => (args.includes('-A') ? 'bad database' : undefined));
    expect(code).toBe(1);
  });

  it('succeeds when the CA is trusted, printing what is left to do by hand', () => {
    const calls: string[] = [];
    const { code, out } = runTrust((file, args) => void calls.push(`${file} ${args.join(' ')}`));
    expect(code).toBe(0);
    expect(calls.at(-1)).toMatch(/^certutil -d sql:.* -A -t C,, -n Pixy local development CA/);
    expect(out).toContain('Done: Trust the CA in your NSS database');
    expect(out).toContain('To do yourself: Trust the CA system-wide');
  });
});

/**
 * Vitest global setup: a test CA and localhost certificate in a temporary folder, trusted
 * by the test workers through NODE_EXTRA_CA_CERTS (set here, before they start, because
 * Node reads it only at process start), and a certificate for the daemon's client
 * assertions. Tests read them with `inject('emulatorTestCerts')`, `inject('daemonCertificate')`.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certPaths, ensureDevCerts, type CertPaths } from '@pixy/dev-certs';
import forge from 'node-forge';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    emulatorTestCerts: CertPaths;
    /** A self-signed certificate and its private key (PEM), registered on the test daemon. */
    daemonCertificate: { cert: string; key: string };
  }
}

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'entra-emulator-test-ca-'));
  const paths = certPaths(root);
  ensureDevCerts(paths);
  process.env.NODE_EXTRA_CA_CERTS = paths.ca;
  project.provide('emulatorTestCerts', paths);
  project.provide('daemonCertificate', selfSignedCertificate('Tasks daemon (tests)'));
  return () => rmSync(root, { recursive: true, force: true });
}

function selfSignedCertificate(commonName: string): { cert: string; key: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(
    privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
  );
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 30 * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  cert.setIssuer([{ name: 'commonName', value: commonName }]);
  cert.sign(key, forge.md.sha256.create());
  return {
    cert: forge.pki.certificateToPem(cert),
    key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

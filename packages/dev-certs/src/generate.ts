/**
 * Generating the dev CA and the localhost certificate. Idempotent: certificates that are
 * still valid for a while are kept, so a CA the user has trusted stays trusted.
 */
import { X509Certificate, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import forge from 'node-forge';
import type { CertPaths } from './paths.js';

const day = 24 * 60 * 60 * 1000;
/** Certificates closer than this to expiry are replaced. */
const renewBefore = 30 * day;
const caLifetime = 10 * 365 * day;
/** Browsers cap server certificates at 398 days. */
const leafLifetime = 397 * day;

export const localhostNames = { dns: ['localhost'], ips: ['127.0.0.1', '::1'] } as const;

export type CertAction = 'kept' | 'created';

export interface GenerateResult {
  readonly ca: CertAction;
  readonly localhost: CertAction;
  readonly caFingerprint: string;
}

/** Makes sure `paths` hold a valid CA and a localhost certificate signed by it. */
export function ensureDevCerts(paths: CertPaths, now: Date = new Date()): GenerateResult {
  mkdirSync(paths.dir, { recursive: true });

  let ca = readCa(paths, now);
  let caAction: CertAction = 'kept';
  if (!ca) {
    ca = createCa(now);
    writePem(paths.ca, forge.pki.certificateToPem(ca.cert), 0o644);
    writePem(paths.caKey, forge.pki.privateKeyToPem(ca.key), 0o600);
    caAction = 'created';
  }

  let leafAction: CertAction = 'kept';
  if (caAction === 'created' || !isLeafUsable(paths, now)) {
    const leaf = createLeaf(ca, now);
    writePem(paths.cert, forge.pki.certificateToPem(leaf.cert), 0o644);
    writePem(paths.key, forge.pki.privateKeyToPem(leaf.key), 0o600);
    leafAction = 'created';
  }

  return {
    ca: caAction,
    localhost: leafAction,
    caFingerprint: new X509Certificate(readFileSync(paths.ca)).fingerprint256,
  };
}

interface KeyedCert {
  readonly cert: forge.pki.Certificate;
  readonly key: forge.pki.rsa.PrivateKey;
}

function readCa(paths: CertPaths, now: Date): KeyedCert | undefined {
  if (!existsSync(paths.ca) || !existsSync(paths.caKey)) return undefined;
  try {
    const certPem = readFileSync(paths.ca, 'utf8');
    const x509 = new X509Certificate(certPem);
    if (!x509.ca || Date.parse(x509.validTo) - now.getTime() < renewBefore) return undefined;
    const cert = forge.pki.certificateFromPem(certPem);
    const key = forge.pki.privateKeyFromPem(readFileSync(paths.caKey, 'utf8'));
    const publicKey = cert.publicKey as forge.pki.rsa.PublicKey;
    if (publicKey.n.compareTo(key.n) !== 0) return undefined;
    return { cert, key };
  } catch {
    return undefined; // unreadable or foreign files: replace them
  }
}

function isLeafUsable(paths: CertPaths, now: Date): boolean {
  if (!existsSync(paths.cert) || !existsSync(paths.key)) return false;
  try {
    const leaf = new X509Certificate(readFileSync(paths.cert));
    const ca = new X509Certificate(readFileSync(paths.ca));
    return (
      leaf.verify(ca.publicKey) &&
      Date.parse(leaf.validTo) - now.getTime() >= renewBefore &&
      localhostNames.dns.every((name) => leaf.checkHost(name) === name) &&
      localhostNames.ips.every((ip) => leaf.checkIP(ip) === ip)
    );
  } catch {
    return false;
  }
}

function createCa(now: Date): KeyedCert {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now.getTime() - day);
  cert.validity.notAfter = new Date(now.getTime() + caLifetime);
  const subject = [
    { name: 'commonName', value: `Pixy local development CA (${hostname()})` },
    { name: 'organizationName', value: 'Pixy local development' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

function createLeaf(ca: KeyedCert, now: Date): KeyedCert {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now.getTime() - day);
  cert.validity.notAfter = new Date(now.getTime() + leafLifetime);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...localhostNames.dns.map((value) => ({ type: 2, value })),
        ...localhostNames.ips.map((ip) => ({ type: 7, ip })),
      ],
    },
    { name: 'subjectKeyIdentifier' },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes(),
    },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

/** A random positive serial number, as hex (RFC 5280: at most 20 octets, positive). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function writePem(path: string, pem: string, mode: number): void {
  writeFileSync(path, pem, { mode });
  chmodSync(path, mode); // writeFileSync's mode applies only when it creates the file
}

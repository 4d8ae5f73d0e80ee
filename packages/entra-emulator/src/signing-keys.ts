/**
 * The emulator's token-signing keys, kept in IDP_DATA_DIR so tokens stay valid across
 * restarts (as Entra's do). One key signs; after a rotation the previous key stays
 * published in the JWKS until the next rotation retires it, so APIs that cached it keep
 * validating tokens it signed.
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPair,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { importPKCS8, type CryptoKey } from 'jose';
import forge from 'node-forge';

/** A JWKS member, with the members Entra publishes; never private ones. */
export interface PublishedKey {
  readonly kty: 'RSA';
  readonly use: 'sig';
  readonly kid: string;
  readonly x5t: string;
  readonly n: string;
  readonly e: string;
  readonly x5c: readonly string[];
  readonly issuer: string;
}

export interface SigningKey {
  /** The certificate's SHA-1 thumbprint (base64url), also its `x5t`, as at Entra. */
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly certificatePem: string;
}

interface StoredKey {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  readonly createdAt: string;
}

const fileName = 'signing-keys.json';
const certificateLifetimeDays = 5 * 365;

export class SigningKeys {
  private constructor(
    private readonly path: string,
    /** Newest first: [active, previous]. */
    private keys: SigningKey[],
    private stored: StoredKey[],
  ) {}

  /** Loads the keys from `dataDir`, creating the folder and a first key when there are none. */
  static async open(dataDir: string): Promise<SigningKeys> {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, fileName);
    const stored = readStoredKeys(path);
    const keys = new SigningKeys(path, await Promise.all(stored.map(toSigningKey)), stored);
    if (stored.length === 0) await keys.rotate();
    return keys;
  }

  /** The key that signs new tokens. */
  get active(): SigningKey {
    const key = this.keys[0];
    if (!key) throw new Error('No signing key: SigningKeys.open creates one.');
    return key;
  }

  /** The kids published in the JWKS, active first. */
  get publishedKids(): string[] {
    return this.keys.map((key) => key.kid);
  }

  /** Makes a new active key; the previous one stays published, older ones are retired. */
  async rotate(): Promise<SigningKey> {
    const created = await createStoredKey();
    this.stored = [created, ...this.stored].slice(0, 2);
    writeStoredKeys(this.path, this.stored);
    this.keys = [await toSigningKey(created), ...this.keys].slice(0, 2);
    return this.active;
  }

  /** The JWKS document's `keys`, with Entra's members. */
  jwks(issuer: string): PublishedKey[] {
    return this.keys.map((key) => publishedKey(key, issuer));
  }
}

function publishedKey(key: SigningKey, issuer: string): PublishedKey {
  const certificate = new X509Certificate(key.certificatePem);
  const jwk = certificate.publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) throw new Error('Signing keys must be RSA keys.');
  return {
    kty: 'RSA',
    use: 'sig',
    kid: key.kid,
    x5t: key.kid,
    n: jwk.n,
    e: jwk.e,
    x5c: [certificate.raw.toString('base64')],
    issuer,
  };
}

async function toSigningKey(stored: StoredKey): Promise<SigningKey> {
  const der = new X509Certificate(stored.certificatePem).raw;
  return {
    kid: createHash('sha1').update(der).digest('base64url'),
    privateKey: await importPKCS8(stored.privateKeyPem, 'RS256'),
    certificatePem: stored.certificatePem,
  };
}

/** A 2048-bit RSA key and a self-signed certificate for it, like Entra's x5c. */
async function createStoredKey(now: Date = new Date()): Promise<StoredKey> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const forgeKey = forge.pki.privateKeyFromPem(
    privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
  );
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`; // positive, as RFC 5280 wants
  cert.validity.notBefore = now;
  cert.validity.notAfter = new Date(now.getTime() + certificateLifetimeDays * 86_400_000);
  const subject = [
    { name: 'commonName', value: 'Pixy local IdP token signing (development only)' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(forgeKey, forge.md.sha256.create());
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    certificatePem: forge.pki.certificateToPem(cert),
    createdAt: now.toISOString(),
  };
}

function readStoredKeys(path: string): StoredKey[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const { keys } = JSON.parse(text) as { keys: StoredKey[] };
    for (const key of keys) {
      createPrivateKey(key.privateKeyPem);
      new X509Certificate(key.certificatePem);
    }
    return keys;
  } catch (error) {
    throw new Error(
      `The emulator's signing keys in ${path} are unreadable (${(error as Error).message}). ` +
        `Delete the file to start with a new key; tokens signed by the old keys stop validating.`,
      { cause: error },
    );
  }
}

/** Writes through a temporary file, so a crash never leaves half a key file. */
function writeStoredKeys(path: string, keys: StoredKey[]): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/**
 * The emulator's token-signing keys, kept in the data folder so tokens stay valid across
 * restarts (as Entra's do). Two sets, as at Entra: one signs the organizations' tokens and
 * is published with a templated `issuer` (`…/{tenantid}/v2.0`), the other signs personal
 * Microsoft accounts' tokens and is published with that tenant's literal issuer. In each
 * set one key signs; after a rotation the previous key stays published until the next
 * rotation retires it, so APIs that cached it keep validating tokens it signed.
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPair,
  randomBytes,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { importPKCS8, type CryptoKey } from 'jose';
import forge from 'node-forge';
import { issuerOf } from './authorities.js';
import { personalAccountsTenantId } from './emulator-config.js';

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
  readonly publicKey: KeyObject;
  readonly certificatePem: string;
}

/** Which set signs: the organizations' tokens, or the personal accounts' ones. */
export type KeySet = 'organizations' | 'personal';

interface StoredKey {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  readonly createdAt: string;
}

interface StoredKeys {
  /** The organizations' keys, newest first (the file's only set before personal accounts). */
  readonly keys: StoredKey[];
  readonly personalAccountKeys?: StoredKey[];
}

const fileName = 'signing-keys.json';
const certificateLifetimeDays = 5 * 365;

export class SigningKeys {
  private constructor(
    private readonly path: string,
    /** Newest first: [active, previous]. */
    private readonly sets: Record<KeySet, SigningKey[]>,
    private readonly stored: Record<KeySet, StoredKey[]>,
  ) {}

  /** Loads the keys from `dataDir`, creating the folder and first keys when there are none. */
  static async open(dataDir: string): Promise<SigningKeys> {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, fileName);
    const stored = readStoredKeys(path);
    const keys = new SigningKeys(
      path,
      {
        organizations: await Promise.all(stored.organizations.map(toSigningKey)),
        personal: await Promise.all(stored.personal.map(toSigningKey)),
      },
      stored,
    );
    if (stored.organizations.length === 0 || stored.personal.length === 0) {
      for (const set of ['organizations', 'personal'] as const)
        if (stored[set].length === 0) await keys.add(set);
      keys.save();
    }
    return keys;
  }

  /** The key that signs new tokens of a set. */
  active(set: KeySet): SigningKey {
    const key = this.sets[set][0];
    if (!key) throw new Error('No signing key: SigningKeys.open creates them.');
    return key;
  }

  /** The kids of a set published in the JWKS, active first. */
  publishedKids(set: KeySet): string[] {
    return this.sets[set].map((key) => key.kid);
  }

  /** Every published key, to verify tokens the emulator issued. */
  find(kid: string): { key: SigningKey; set: KeySet } | undefined {
    for (const set of ['organizations', 'personal'] as const) {
      const key = this.sets[set].find((candidate) => candidate.kid === kid);
      if (key) return { key, set };
    }
    return undefined;
  }

  /** Makes a new active key in each set; the previous ones stay published, older ones are retired. */
  async rotate(): Promise<void> {
    await this.add('organizations');
    await this.add('personal');
    this.save();
  }

  /** The JWKS `keys` of the sets an authority serves, with Entra's members and per-key issuer. */
  jwks(origin: string, sets: readonly KeySet[]): PublishedKey[] {
    return sets.flatMap((set) =>
      this.sets[set].map((key) =>
        publishedKey(
          key,
          issuerOf(origin, set === 'personal' ? personalAccountsTenantId : '{tenantid}'),
        ),
      ),
    );
  }

  private async add(set: KeySet): Promise<void> {
    const created = await createStoredKey(set);
    this.stored[set] = [created, ...this.stored[set]].slice(0, 2);
    this.sets[set] = [await toSigningKey(created), ...this.sets[set]].slice(0, 2);
  }

  private save(): void {
    writeStoredKeys(this.path, {
      keys: this.stored.organizations,
      personalAccountKeys: this.stored.personal,
    });
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
  const certificate = new X509Certificate(stored.certificatePem);
  return {
    kid: createHash('sha1').update(certificate.raw).digest('base64url'),
    privateKey: await importPKCS8(stored.privateKeyPem, 'RS256'),
    publicKey: certificate.publicKey,
    certificatePem: stored.certificatePem,
  };
}

/** A 2048-bit RSA key and a self-signed certificate for it, like Entra's x5c. */
async function createStoredKey(set: KeySet, now: Date = new Date()): Promise<StoredKey> {
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
    {
      name: 'commonName',
      value: `Entra emulator token signing, ${set === 'personal' ? 'personal accounts' : 'organizations'} (development only)`,
    },
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

function readStoredKeys(path: string): Record<KeySet, StoredKey[]> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { organizations: [], personal: [] };
    throw error;
  }
  try {
    const stored = JSON.parse(text) as StoredKeys;
    const sets = { organizations: stored.keys, personal: stored.personalAccountKeys ?? [] };
    for (const key of [...sets.organizations, ...sets.personal]) {
      createPrivateKey(key.privateKeyPem);
      new X509Certificate(key.certificatePem);
    }
    return sets;
  } catch (error) {
    throw new Error(
      `The emulator's signing keys in ${path} are unreadable (${(error as Error).message}). ` +
        `Delete the file to start with new keys; tokens signed by the old keys stop validating.`,
      { cause: error },
    );
  }
}

/** Writes through a temporary file, so a crash never leaves half a key file. */
function writeStoredKeys(path: string, keys: StoredKeys): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

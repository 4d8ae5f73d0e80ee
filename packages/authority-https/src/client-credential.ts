// A confidential client's credential (the API for on-behalf-of, the daemon for client
// credentials): a secret, or a certificate whose private key signs a client assertion —
// what Microsoft recommends for production. In msal-node's terms.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Configuration } from '@azure/msal-node';

export type ClientCredential =
  | { readonly kind: 'secret'; readonly secret: string }
  | {
      readonly kind: 'certificate';
      readonly privateKey: string;
      /** The certificate chain, PEM, leaf first (sent as x5c). */
      readonly certificate: string;
      /** SHA-256 thumbprint of the certificate, hex (the assertion's x5t#S256). */
      readonly thumbprintSha256: string;
    };

/**
 * Reads a PEM file holding a private key and its certificate (chain). Throws an Error whose
 * message says what is wrong with the file (the caller adds which setting named it).
 */
export function readClientCertificate(path: string): ClientCredential {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path} cannot be read.`);
  }
  const certificates = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  const privateKey = pem.match(
    /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+?-----END (RSA )?PRIVATE KEY-----/,
  );
  if (certificates === null || privateKey === null) {
    throw new Error(
      `${path} must hold the private key and its certificate, PEM (-----BEGIN PRIVATE KEY----- ` +
        'and -----BEGIN CERTIFICATE-----).',
    );
  }
  let thumbprintSha256: string;
  try {
    thumbprintSha256 = new X509Certificate(certificates[0]).fingerprint256
      .replace(/:/g, '')
      .toLowerCase();
  } catch {
    throw new Error(`${path} holds a certificate that cannot be read.`);
  }
  return {
    kind: 'certificate',
    privateKey: privateKey[0],
    certificate: certificates.join('\n'),
    thumbprintSha256,
  };
}

/** The credential, as msal-node's `auth` configuration takes it. */
export function msalCredential(
  credential: ClientCredential,
): Pick<NonNullable<Configuration['auth']>, 'clientSecret' | 'clientCertificate'> {
  return credential.kind === 'secret'
    ? { clientSecret: credential.secret }
    : {
        clientCertificate: {
          thumbprintSha256: credential.thumbprintSha256,
          privateKey: credential.privateKey,
          x5c: credential.certificate,
        },
      };
}

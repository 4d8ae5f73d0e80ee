// HTTPS requests to the authority (OpenID configuration, JWKS, tokens) and to Microsoft
// Graph: https only, with a timeout and a size cap, through an injectable agent so tests
// and the local emulator's dev CA can be trusted without NODE_EXTRA_CA_CERTS.
import type { Agent } from 'node:https';
import { request } from 'node:https';

/** Why a document could not be fetched: the authority is unreachable or answered badly. */
export class AuthorityUnavailableError extends Error {
  override readonly name = 'AuthorityUnavailableError';
  /** jwks-rsa serves stale keys only for errors marked like this. */
  readonly isEndpointUnavailable = true;
}

export interface HttpsOptions {
  /** The agent to connect with (its CA list decides which certificates are trusted). */
  readonly agent?: Agent | undefined;
  readonly timeoutMs: number;
  /** Larger answers are abandoned: the documents and tokens here are a few kilobytes. */
  readonly maxBytes: number;
}

export interface HttpsRequest {
  readonly method: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpsResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

/**
 * One HTTPS request. Rejects with AuthorityUnavailableError when there is no answer (not
 * https, unreachable, untrusted certificate, too slow, too large), with a message that says
 * what to fix; any HTTP status is an answer.
 */
export function requestHttps(
  url: string,
  what: HttpsRequest,
  options: HttpsOptions,
): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new AuthorityUnavailableError(`"${url}" is not a URL`));
      return;
    }
    if (target.protocol !== 'https:') {
      reject(new AuthorityUnavailableError(`${url} is not https; only https is used here`));
      return;
    }
    const req = request(
      target,
      {
        method: what.method,
        headers: { accept: 'application/json', ...what.headers },
        timeout: options.timeoutMs,
        ...(options.agent ? { agent: options.agent } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let tooLarge = false;
        res.on('data', (chunk: Buffer) => {
          if (tooLarge) return;
          size += chunk.length;
          if (size > options.maxBytes) {
            tooLarge = true;
            reject(
              new AuthorityUnavailableError(`${url} answered more than ${options.maxBytes} bytes`),
            );
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          if (tooLarge) return;
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined)
              headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', (error) => reject(asUnavailable(url, error)));
      },
    );
    req.on('timeout', () =>
      req.destroy(
        new AuthorityUnavailableError(`${url} did not answer within ${options.timeoutMs} ms`),
      ),
    );
    req.on('error', (error) => reject(asUnavailable(url, error)));
    req.end(what.body);
  });
}

/** A JSON document from a GET; anything but a 2xx JSON answer is AuthorityUnavailableError. */
export async function fetchJson(url: string, options: HttpsOptions): Promise<unknown> {
  const response = await requestHttps(url, { method: 'GET' }, options);
  if (response.status < 200 || response.status >= 300) {
    throw new AuthorityUnavailableError(`${url} answered HTTP ${response.status}`);
  }
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    throw new AuthorityUnavailableError(`${url} did not answer JSON`);
  }
}

/** TLS errors that mean "this certificate is not trusted here". */
const untrustedCertificate = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

function asUnavailable(url: string, error: Error): AuthorityUnavailableError {
  if (error instanceof AuthorityUnavailableError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const host = new URL(url).host;
  let hint = error.message;
  if (untrustedCertificate.has(code)) {
    hint =
      `the TLS certificate of ${host} is not trusted (${code}). For the local emulator run ` +
      '`pnpm certs` (the API trusts .certs/ca.pem for a localhost authority); otherwise add the ' +
      "authority's CA with NODE_EXTRA_CA_CERTS";
  } else if (code === 'CERT_HAS_EXPIRED') {
    hint = `the TLS certificate of ${host} has expired (for the local emulator: \`pnpm certs\`)`;
  } else if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    hint = `the TLS certificate does not name ${host}: check the host in AUTH_AUTHORITY`;
  } else if (code === 'ECONNREFUSED') {
    hint = `nothing answers at ${host}: is the identity provider running (\`pnpm dev\` starts the emulator)? Check AUTH_AUTHORITY`;
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    hint = `the host ${host} cannot be resolved (${code}): check AUTH_AUTHORITY`;
  } else if (code !== '') {
    hint = code;
  }
  return new AuthorityUnavailableError(`${url}: ${hint}`, { cause: error });
}

// Fetching the authority's JSON documents (OpenID configuration, JWKS): https only, with a
// timeout and a size cap, through an injectable agent so tests can trust a test CA.
import type { Agent } from 'node:https';
import { request } from 'node:https';

/** Why a document could not be fetched: the authority is unreachable or answered badly. */
export class AuthorityUnavailableError extends Error {
  override readonly name = 'AuthorityUnavailableError';
  /** jwks-rsa serves stale keys only for errors marked like this. */
  readonly isEndpointUnavailable = true;
}

export interface HttpsJsonOptions {
  /** The agent to connect with (its CA list decides which certificates are trusted). */
  readonly agent?: Agent | undefined;
  readonly timeoutMs: number;
  /** Larger answers are abandoned: a discovery document or JWKS is a few kilobytes. */
  readonly maxBytes: number;
}

export function fetchJson(url: string, options: HttpsJsonOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new AuthorityUnavailableError(`"${url}" is not a URL`));
      return;
    }
    if (target.protocol !== 'https:') {
      reject(
        new AuthorityUnavailableError(`${url} is not https; keys are only fetched over https`),
      );
      return;
    }
    const req = request(
      target,
      {
        method: 'GET',
        headers: { accept: 'application/json' },
        timeout: options.timeoutMs,
        ...(options.agent ? { agent: options.agent } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            req.destroy(
              new AuthorityUnavailableError(`${url} answered more than ${options.maxBytes} bytes`),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            reject(new AuthorityUnavailableError(`${url} answered HTTP ${status}`));
            return;
          }
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
          } catch {
            reject(new AuthorityUnavailableError(`${url} did not answer JSON`));
          }
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
    req.end();
  });
}

function asUnavailable(url: string, error: Error): AuthorityUnavailableError {
  if (error instanceof AuthorityUnavailableError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new AuthorityUnavailableError(`${url}: ${code ?? error.message}`, { cause: error });
}

/**
 * `pnpm --filter @pixy/entra-emulator token <username> [scope …]`: asks the running emulator's dev
 * controls for an access token and prints it, for `curl` and API checks without a browser.
 */
import { request } from 'node:https';
import type { DevTokenRequest } from './dev-controls.js';

export interface TokenCommandOptions {
  /** The emulator's origin, e.g. https://localhost:8443. */
  readonly origin: string;
  /** The CA that signed the emulator's certificate (PEM). */
  readonly ca: string;
  readonly args: readonly string[];
  /** Scopes when the command names none. */
  readonly defaultScopes: readonly string[];
}

export const tokenUsage =
  'Usage: pnpm -s --filter @pixy/entra-emulator token <username> [scope …]   e.g. token alice@pixy.test Tasks.Read';

/** A failure the user can fix; its message says how. */
export class TokenCommandError extends Error {
  override readonly name = 'TokenCommandError';
}

/** Returns the access token, or throws a TokenCommandError whose message says what to do. */
export async function fetchDevToken(options: TokenCommandOptions): Promise<string> {
  const [username, ...scopes] = options.args;
  if (username === undefined || username.startsWith('-')) throw new TokenCommandError(tokenUsage);
  const body: DevTokenRequest = {
    username,
    scopes: scopes.length > 0 ? scopes : options.defaultScopes,
  };
  const { status, text } = await postJson(`${options.origin}/_dev/tokens`, body, options.ca);
  if (status === 404) {
    throw new TokenCommandError(
      `The emulator at ${options.origin} has its dev controls off: start it with IDP_DEV_CONTROLS=true.`,
    );
  }
  const answer = JSON.parse(text) as { access_token?: string; error_description?: string };
  if (status !== 200 || answer.access_token === undefined) {
    throw new TokenCommandError(
      `The emulator refused (${status}): ${answer.error_description ?? text}`,
    );
  }
  return answer.access_token;
}

function postJson(
  url: string,
  body: unknown,
  ca: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ca, headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ECONNREFUSED'
          ? new TokenCommandError(
              `No emulator answers at ${url}: start it with \`pnpm --filter @pixy/entra-emulator start\`.`,
            )
          : error,
      ),
    );
    req.end(JSON.stringify(body));
  });
}

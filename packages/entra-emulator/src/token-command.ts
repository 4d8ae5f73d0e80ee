/**
 * `token <username> [scope …]`: asks a running emulator's dev controls for an access token
 * and returns it, for `curl` and API checks without a browser. The command line of the
 * package (cli.ts) and of apps that wrap it use this.
 */
import { DevControlsClient, DevControlsError } from './dev-controls-client.js';

export interface TokenCommandOptions {
  /** The emulator's origin, e.g. https://localhost:8443. */
  readonly url: string;
  /** The CA that signed the emulator's certificate (PEM); default: the CAs Node trusts. */
  readonly ca?: string;
  /** `<username> [scope …]`. */
  readonly args: readonly string[];
  /** Scopes when the command names none. */
  readonly defaultScopes: readonly string[];
  readonly clientId?: string;
  readonly tenant?: string;
  /** How the command is run, for the usage message. */
  readonly usage: string;
}

/** A failure the user can fix; its message says how. */
export class TokenCommandError extends Error {
  override readonly name = 'TokenCommandError';
}

/** Returns the access token, or throws a TokenCommandError whose message says what to do. */
export async function fetchDevToken(options: TokenCommandOptions): Promise<string> {
  const [username, ...scopes] = options.args;
  if (username === undefined || username.startsWith('-')) {
    throw new TokenCommandError(options.usage);
  }
  const chosen = scopes.length > 0 ? scopes : options.defaultScopes;
  if (chosen.length === 0) throw new TokenCommandError(`Name at least one scope. ${options.usage}`);
  const client = new DevControlsClient(options.url, { ca: options.ca });
  try {
    const answer = await client.mintAccessToken({
      username,
      scopes: chosen,
      ...(options.clientId === undefined ? {} : { clientId: options.clientId }),
      ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
    });
    return answer.access_token;
  } catch (error) {
    if (error instanceof DevControlsError) throw new TokenCommandError(error.message);
    throw error;
  }
}

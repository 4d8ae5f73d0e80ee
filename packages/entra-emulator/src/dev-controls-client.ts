/**
 * The typed client of the dev controls, for tests and scripts: each method is one control,
 * over HTTPS with the CA given (so the calling process need not trust it through
 * NODE_EXTRA_CA_CERTS). A refusal throws DevControlsError with the emulator's answer.
 */
import { request } from 'node:https';

/** The body of `POST /_dev/tokens`. */
export interface DevTokenRequest {
  /** A user's key or username. */
  readonly username: string;
  /** Short names of the first API's scopes (`Tasks.Read`), or full scope names. */
  readonly scopes: readonly string[];
  /** Default: the first app with SPA redirect URIs. */
  readonly clientId?: string;
  /** Default: the user's home tenant; a tenant the user is a guest in gives the guest's token. */
  readonly tenant?: string;
  /** The client's capabilities, as MSAL's `clientCapabilities` (e.g. `["CP1"]`): `xms_cc`. */
  readonly clientCapabilities?: readonly string[];
}

export interface DevTokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
}

export interface RotatedKeys {
  /** The organizations' new signing key, and the kids their JWKS publishes (new first). */
  readonly kid: string;
  readonly published: readonly string[];
  readonly personalAccounts: { readonly kid: string; readonly published: readonly string[] };
}

export interface RevokedUser {
  readonly revoked: { readonly sessions: number; readonly refreshTokens: number };
  /** Seconds since the epoch, on the emulator's clock: the CAE challenge's `nbf`. */
  readonly revokedAt: number;
}

export interface ClockState {
  /** The emulator's now, in seconds since the epoch. */
  readonly now: number;
  readonly offsetSeconds: number;
}

export interface TokenFailureOptions {
  /** 503 (default), 429, 500 or 504. */
  readonly status?: 429 | 500 | 503 | 504;
  /** The `Retry-After` header, in seconds. Default 1. */
  readonly retryAfterSeconds?: number;
}

/** The emulator refused a control; `status` and `error` are its answer. */
export class DevControlsError extends Error {
  override readonly name = 'DevControlsError';
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

export class DevControlsClient {
  /**
   * `url`: the emulator's origin, e.g. `https://localhost:8443`. `ca`: the PEM of the CA
   * that signed its certificate (default: the CAs Node trusts).
   */
  constructor(
    readonly url: string,
    private readonly options: { readonly ca?: string | Buffer } = {},
  ) {}

  /** A new signing key in each set; the previous one stays published until the next rotation. */
  rotateSigningKeys(): Promise<RotatedKeys> {
    return this.post('keys/rotate');
  }

  /** An access token for a user without a browser (consent rules apply). */
  mintAccessToken(request: DevTokenRequest): Promise<DevTokenResponse> {
    return this.post('tokens', request);
  }

  /**
   * Revokes the user's sign-ins: sessions end, refresh tokens fail with AADSTS50173, and the
   * emulated Graph answers the user's older tokens with a CAE claims challenge.
   */
  revokeUser(username: string): Promise<RevokedUser> {
    return this.post(this.userPath(username, 'revoke'));
  }

  /** The user's refresh tokens expire: AADSTS700084 for an SPA's, AADSTS700082 for others. */
  expireRefreshTokens(username: string): Promise<{ readonly expired: number }> {
    return this.post(this.userPath(username, 'refresh-tokens/expire'));
  }

  /** Sign-ins and token requests for the user fail with AADSTS50057 until enableUser. */
  disableUser(username: string): Promise<{ readonly disabled: true }> {
    return this.post(this.userPath(username, 'disable'));
  }

  enableUser(username: string): Promise<{ readonly disabled: false }> {
    return this.post(this.userPath(username, 'enable'));
  }

  /**
   * Withdraws the user's consent (for one resource: its client ID or identifier URI), so
   * token requests fail with AADSTS65001 until the user consents again. Returns what was
   * withdrawn, by resource app ID.
   */
  requireConsent(
    username: string,
    resource?: string,
  ): Promise<{ readonly revoked: Readonly<Record<string, readonly string[]>> }> {
    return this.post(
      this.userPath(username, 'consent/revoke'),
      resource === undefined ? {} : { resource },
    );
  }

  /** The next `count` token requests get `status` (default 503 `temporarily_unavailable`). */
  failTokenRequests(
    count: number,
    options: TokenFailureOptions = {},
  ): Promise<{
    readonly failing: number;
    readonly status: number;
    readonly retryAfterSeconds: number;
  }> {
    return this.post('token-endpoint/failures', { count, ...options });
  }

  /** Moves the emulator's clock (tokens' iat/exp, code and refresh-token expiry) by `seconds`. */
  shiftClock(seconds: number): Promise<ClockState> {
    return this.post('clock', { advanceSeconds: seconds });
  }

  /** Puts the emulator's clock back to the real time. */
  resetClock(): Promise<ClockState> {
    return this.post('clock', { offsetSeconds: 0 });
  }

  private userPath(username: string, control: string): string {
    return `users/${encodeURIComponent(username)}/${control}`;
  }

  private post<T>(path: string, body: unknown = {}): Promise<T> {
    const url = `${this.url.replace(/\/$/, '')}/_dev/${path}`;
    return new Promise((resolve, reject) => {
      const call = request(
        url,
        {
          method: 'POST',
          ...(this.options.ca === undefined ? {} : { ca: this.options.ca }),
          headers: { 'content-type': 'application/json' },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            let answer: { error?: string; error_description?: string } = {};
            try {
              answer = JSON.parse(text) as typeof answer;
            } catch {
              // Not JSON: reported below with the status.
            }
            if (status === 200) resolve(answer as T);
            else if (status === 404 && answer.error_description?.startsWith('Nothing at')) {
              reject(
                new DevControlsError(
                  status,
                  'dev_controls_off',
                  `The emulator at ${this.url} has its dev controls off: start it with them enabled.`,
                ),
              );
            } else {
              reject(
                new DevControlsError(
                  status,
                  answer.error ?? 'unknown',
                  `POST ${url} answered ${status}: ${answer.error_description ?? text}`,
                ),
              );
            }
          });
        },
      );
      call.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'ECONNREFUSED'
            ? new DevControlsError(
                0,
                'unreachable',
                `No emulator answers at ${this.url}: is it running?`,
              )
            : error,
        ),
      );
      call.end(JSON.stringify(body));
    });
  }
}

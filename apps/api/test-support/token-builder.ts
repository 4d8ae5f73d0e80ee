// Mints access tokens as the fake authority would issue them, with one knob per attack: any
// claim or header member changed or removed, another tenant, another algorithm (including
// `none` and HS256 keyed with the public key), another key, or the payload changed after
// signing. `accessToken` is a user's delegated token from the SPA; `appToken` a daemon's
// app-only token (client credentials).
import { createHmac, randomUUID, sign } from 'node:crypto';
import { AppPermissions, Scopes } from '@pixy/auth-contract';
import { testUsers, type TestUser } from '@pixy/test-support';
import type { FakeAuthority, TestSigningKey } from './fake-authority.js';

export interface TokenKnobs {
  readonly user?: Pick<TestUser, 'oid' | 'displayName' | 'username'>;
  /** The tenant that issues the token (`tid`, and `iss`). Default: the authority's home tenant. */
  readonly tenant?: string;
  /** Claims to set; `undefined` removes the claim. */
  readonly claims?: Record<string, unknown>;
  /** Header members to set; `undefined` removes the member. */
  readonly header?: Record<string, unknown>;
  /** How to sign: RS256 (default), HS256 with `hmacSecret`, or `none` (no signature). */
  readonly alg?: 'RS256' | 'HS256' | 'none';
  /** The RSA key to sign with (default: the tenant's active key). Its kid goes in the header. */
  readonly key?: TestSigningKey;
  readonly hmacSecret?: string;
  /** Changes the payload after the signature was made. */
  readonly tamper?: (claims: Record<string, unknown>) => Record<string, unknown>;
}

export interface TokenBuilderOptions {
  readonly apiClientId: string;
  readonly spaClientId: string;
  readonly daemonClientId: string;
}

/** The daemon's service principal in the home tenant (an app-only token's oid and sub). */
export const daemonServicePrincipalId = '5e5e5e5e-0000-4000-8000-0000000da3e0';

export class TokenBuilder {
  constructor(
    private readonly authority: FakeAuthority,
    private readonly options: TokenBuilderOptions,
  ) {}

  /** A v2.0 access token for the API, as Entra issues it to the SPA for a user, then the knobs. */
  accessToken(knobs: TokenKnobs = {}): string {
    const user = knobs.user ?? testUsers.alice;
    return this.sign(
      {
        ...this.issued(knobs),
        azp: this.options.spaClientId,
        azpacr: '0',
        name: user.displayName,
        oid: user.oid,
        preferred_username: user.username,
        scp: `${Scopes.TasksRead} ${Scopes.TasksReadWrite}`,
        sid: randomUUID(),
        sub: `sub-${user.oid}`,
      },
      knobs,
    );
  }

  /**
   * An app-only access token, as Entra issues it to the daemon (client credentials): the
   * application permissions in `roles`, no `scp`, no user, `idtyp: "app"`, `oid` = `sub` =
   * the daemon's service principal. Then the knobs.
   */
  appToken(knobs: Omit<TokenKnobs, 'user'> = {}): string {
    return this.sign(
      {
        ...this.issued(knobs),
        azp: this.options.daemonClientId,
        azpacr: '1',
        idtyp: 'app',
        oid: daemonServicePrincipalId,
        roles: [AppPermissions.TasksReadAll],
        sub: daemonServicePrincipalId,
      },
      knobs,
    );
  }

  /** What every access token for the API carries: audience, issuer, tenant, times, ids. */
  private issued(knobs: Pick<TokenKnobs, 'tenant'>): Record<string, unknown> {
    const tenant = knobs.tenant ?? this.authority.tenantId;
    const now = Math.floor(Date.now() / 1000);
    return {
      aud: this.options.apiClientId,
      iss: this.authority.issuerOf(tenant),
      iat: now,
      nbf: now,
      exp: now + 3600,
      aio: randomUUID(),
      rh: '0.test',
      tid: tenant,
      uti: randomUUID(),
      ver: '2.0',
    };
  }

  private sign(base: Record<string, unknown>, knobs: Omit<TokenKnobs, 'user'>): string {
    const key = knobs.key ?? this.authority.activeKey;
    const alg = knobs.alg ?? 'RS256';
    const claims = apply(base, knobs.claims);
    const header = apply({ typ: 'JWT', alg, kid: key.kid }, knobs.header);
    const signingInput = `${encode(header)}.${encode(claims)}`;
    let signature = '';
    if (alg === 'RS256') {
      signature = sign('sha256', Buffer.from(signingInput), key.privateKey).toString('base64url');
    } else if (alg === 'HS256') {
      signature = createHmac('sha256', knobs.hmacSecret ?? '')
        .update(signingInput)
        .digest('base64url');
    }
    const payload = knobs.tamper ? encode(knobs.tamper({ ...claims })) : encode(claims);
    return `${encode(header)}.${payload}.${signature}`;
  }
}

function apply(
  base: Record<string, unknown>,
  changes: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const result = { ...base };
  for (const [name, value] of Object.entries(changes ?? {})) {
    if (value === undefined) delete result[name];
    else result[name] = value;
  }
  return result;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

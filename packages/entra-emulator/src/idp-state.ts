/**
 * What the emulator remembers between requests, in memory only: browser sessions,
 * authorization codes and refresh tokens. A restart ends every session and refresh
 * token (the e2e suite relies on that); signing keys are the only thing on disk.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export interface Session {
  /** The session cookie's value: secret. */
  readonly id: string;
  /** The `sid` claim: public, shared by every token of the session. */
  readonly sid: string;
  readonly userKey: string;
  readonly authTime: number;
}

export interface AuthorizationCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly scope: string;
  readonly userKey: string;
  readonly sid: string;
  readonly nonce: string | undefined;
  readonly expiresAt: number;
  /** Set once redeemed; a second redemption revokes what the first one issued. */
  redeemed: boolean;
  /** Ties the refresh tokens issued from this code together, to revoke them on code reuse. */
  readonly family: string;
}

export interface RefreshToken {
  readonly clientId: string;
  readonly userKey: string;
  readonly sid: string;
  /** The scope of the request that issued it: the default for a refresh without `scope`. */
  readonly scope: string;
  /** Absolute expiry: rotation does not extend it (Entra's SPA refresh tokens last 24 h). */
  readonly expiresAt: number;
  readonly family: string;
}

export type RefreshTokenLookup =
  | { readonly status: 'valid'; readonly entry: RefreshToken }
  /** Unknown, expired or revoked. */
  | { readonly status: 'invalid' }
  /** Already redeemed once: its whole family has just been revoked. */
  | { readonly status: 'reused' };

/** An opaque, unguessable token value. */
export function opaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export class IdpState {
  private readonly sessions = new Map<string, Session>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly refreshTokens = new Map<string, RefreshToken & { retired: boolean }>();
  private prunedAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  createSession(userKey: string): Session {
    const session = { id: opaqueToken(), sid: randomUUID(), userKey, authTime: this.seconds() };
    this.sessions.set(session.id, session);
    return session;
  }

  session(id: string | undefined): Session | undefined {
    return id === undefined ? undefined : this.sessions.get(id);
  }

  /** Ends a session; returns it, so a sign-out can revoke what it issued. */
  endSession(id: string): Session | undefined {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    return session;
  }

  /** Revokes the refresh tokens issued in a session (by its `sid`). */
  revokeSessionTokens(sid: string): void {
    for (const [token, entry] of this.refreshTokens)
      if (entry.sid === sid) this.refreshTokens.delete(token);
  }

  issueCode(
    code: Omit<AuthorizationCode, 'expiresAt' | 'redeemed' | 'family'>,
    lifetime: number,
  ): string {
    this.prune();
    const value = opaqueToken();
    this.codes.set(value, {
      ...code,
      expiresAt: this.seconds() + lifetime,
      redeemed: false,
      family: randomUUID(),
    });
    return value;
  }

  /** The code if it exists and has not expired (redeemed codes included, to detect reuse). */
  code(value: string): AuthorizationCode | undefined {
    const code = this.codes.get(value);
    return code && code.expiresAt > this.seconds() ? code : undefined;
  }

  issueRefreshToken(entry: RefreshToken): string {
    const value = opaqueToken(48);
    this.refreshTokens.set(value, { ...entry, retired: false });
    return value;
  }

  /**
   * Looks a refresh token up for redemption. A token that was already redeemed (rotated
   * out) is a replay: one of the two parties holding it is not the client it was issued
   * to, and the emulator cannot tell which. So, as RFC 9700 §4.14.2 says, the whole
   * family stops working, the newest token included, and the answer is `reused`.
   */
  redeemRefreshToken(value: string): RefreshTokenLookup {
    const entry = this.refreshTokens.get(value);
    if (!entry || entry.expiresAt <= this.seconds()) return { status: 'invalid' };
    if (entry.retired) {
      this.revokeFamily(entry.family);
      return { status: 'reused' };
    }
    return { status: 'valid', entry };
  }

  /** Marks a redeemed refresh token as rotated out; it is kept until it expires, to detect its replay. */
  retireRefreshToken(value: string): void {
    const entry = this.refreshTokens.get(value);
    if (entry) entry.retired = true;
  }

  revokeFamily(family: string): void {
    for (const [token, entry] of this.refreshTokens)
      if (entry.family === family) this.refreshTokens.delete(token);
  }

  /** Ends every session and refresh token of a user; returns how many of each. */
  revokeUser(userKey: string): { sessions: number; refreshTokens: number } {
    let sessions = 0;
    let refreshTokens = 0;
    for (const [id, session] of this.sessions)
      if (session.userKey === userKey) {
        this.sessions.delete(id);
        sessions++;
      }
    for (const [token, entry] of this.refreshTokens)
      if (entry.userKey === userKey) {
        this.refreshTokens.delete(token);
        if (!entry.retired) refreshTokens++;
      }
    return { sessions, refreshTokens };
  }

  seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Drops expired codes and refresh tokens, so a long benchmark does not grow memory. */
  private prune(): void {
    const now = this.seconds();
    if (now - this.prunedAt < 60) return;
    this.prunedAt = now;
    for (const [value, code] of this.codes) if (code.expiresAt <= now) this.codes.delete(value);
    for (const [value, entry] of this.refreshTokens)
      if (entry.expiresAt <= now) this.refreshTokens.delete(value);
  }
}

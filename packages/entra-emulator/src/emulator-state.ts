/**
 * What the emulator remembers between requests, in memory only: browser sessions,
 * authorization codes, refresh tokens, the users' current consent and status (disabled,
 * revoked), the token endpoint's injected failures, and the clock's offset. A restart
 * forgets all of it (the e2e suite relies on that); signing keys are the only thing on disk.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { User } from './directory.js';

export interface Session {
  /** The session cookie's value: secret. */
  readonly id: string;
  /** The `sid` claim: public, shared by every token of the session. */
  readonly sid: string;
  readonly userKey: string;
  /** When the user signed in, in seconds. */
  readonly authTime: number;
  /** Authentication contexts (`acrs`) the user stepped up to in this session. */
  readonly contexts: Set<string>;
}

/** What a sign-in established, carried from the code to the refresh tokens of its family. */
export interface SignInFacts {
  readonly userKey: string;
  readonly tenantId: string;
  readonly sid: string;
  readonly authTime: number;
  /** The authentication contexts satisfied at sign-in. */
  readonly contexts: readonly string[];
}

export interface AuthorizationCode extends SignInFacts {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly scope: string;
  readonly nonce: string | undefined;
  /** The client's capabilities (`xms_cc`) the authorize request's claims named. */
  readonly clientCapabilities: readonly string[];
  /** The authority path segment it was issued at. */
  readonly segment: string;
  readonly expiresAt: number;
  /** Set once redeemed; a second redemption revokes what the first one issued. */
  redeemed: boolean;
  /** Ties the refresh tokens issued from this code together. */
  readonly family: string;
}

export interface RefreshToken extends SignInFacts {
  readonly clientId: string;
  /** The scope of the request that issued it: the default for a refresh without `scope`. */
  readonly scope: string;
  /** Absolute expiry: rotation does not extend it (Entra's SPA refresh tokens last 24 h). */
  readonly expiresAt: number;
  readonly family: string;
  /** Issued to a single-page app (an expired one is AADSTS700084 rather than 700082). */
  readonly spa: boolean;
}

export type RefreshTokenLookup =
  | { readonly status: 'valid'; readonly entry: RefreshToken }
  /** Unknown, or revoked by a sign-out, code reuse or token reuse. */
  | { readonly status: 'invalid' }
  | { readonly status: 'expired'; readonly entry: RefreshToken }
  /** Revoked by the dev controls' revoke-user (AADSTS50173: a fresh sign-in is needed). */
  | { readonly status: 'revoked'; readonly entry: RefreshToken }
  /** Already redeemed once: its whole family has just been revoked. */
  | { readonly status: 'reused' };

interface StoredRefreshToken extends RefreshToken {
  retired: boolean;
  revokedByAdmin: boolean;
  expiredByControl: boolean;
}

/** Failures the token endpoint answers instead of tokens (dev controls). */
export interface InjectedFailures {
  remaining: number;
  readonly status: number;
  readonly retryAfterSeconds: number;
}

/** An opaque, unguessable token value. */
export function opaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export class EmulatorState {
  private readonly sessions = new Map<string, Session>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly refreshTokens = new Map<string, StoredRefreshToken>();
  /** Current delegated consent, by user key, then resource app ID. */
  private readonly consent = new Map<string, Map<string, Set<string>>>();
  private readonly disabled = new Map<string, number>();
  /** When each user was last revoked (seconds), and the sessions that revocation ended. */
  private readonly revokedAt = new Map<string, number>();
  private readonly revokedSids = new Set<string>();
  private clockOffsetSeconds = 0;
  private failures: InjectedFailures | undefined;
  private prunedAt = 0;

  constructor(
    users: readonly User[],
    private readonly realNow: () => number = Date.now,
  ) {
    for (const user of users) {
      this.consent.set(
        user.key,
        new Map([...user.consent].map(([resource, scopes]) => [resource, new Set(scopes)])),
      );
    }
  }

  // --- The clock -------------------------------------------------------------------

  /** Now, in milliseconds, on the emulator's clock (real time plus the dev controls' offset). */
  now(): number {
    return this.realNow() + this.clockOffsetSeconds * 1000;
  }

  seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  get clockOffset(): number {
    return this.clockOffsetSeconds;
  }

  shiftClock(seconds: number): void {
    this.clockOffsetSeconds += seconds;
  }

  resetClock(): void {
    this.clockOffsetSeconds = 0;
  }

  // --- Sessions ----------------------------------------------------------------------

  createSession(userKey: string): Session {
    const session: Session = {
      id: opaqueToken(),
      sid: randomUUID(),
      userKey,
      authTime: this.seconds(),
      contexts: new Set(),
    };
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

  // --- Authorization codes -----------------------------------------------------------

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

  // --- Refresh tokens ----------------------------------------------------------------

  issueRefreshToken(entry: RefreshToken): string {
    const value = opaqueToken(48);
    this.refreshTokens.set(value, {
      ...entry,
      retired: false,
      revokedByAdmin: false,
      expiredByControl: false,
    });
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
    if (!entry) return { status: 'invalid' };
    if (entry.retired) {
      this.revokeFamily(entry.family);
      return { status: 'reused' };
    }
    if (entry.revokedByAdmin) return { status: 'revoked', entry };
    if (entry.expiredByControl || entry.expiresAt <= this.seconds()) {
      return { status: 'expired', entry };
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

  /** Makes every refresh token of the user expired (dev controls); returns how many. */
  expireRefreshTokens(userKey: string): number {
    let count = 0;
    for (const entry of this.refreshTokens.values())
      if (entry.userKey === userKey && !entry.retired && !entry.expiredByControl) {
        entry.expiredByControl = true;
        count++;
      }
    return count;
  }

  // --- Users: revocation, status, consent ----------------------------------------------

  /**
   * Revokes the user's sign-ins (dev controls, like revoking sessions in Entra): ends the
   * sessions, revokes the refresh tokens (AADSTS50173), and remembers the time and the
   * sessions, so the emulated Graph answers older tokens with a CAE claims challenge.
   */
  revokeUser(userKey: string): { sessions: number; refreshTokens: number; revokedAt: number } {
    let sessions = 0;
    let refreshTokens = 0;
    for (const [id, session] of this.sessions)
      if (session.userKey === userKey) {
        this.sessions.delete(id);
        this.revokedSids.add(session.sid);
        sessions++;
      }
    for (const entry of this.refreshTokens.values())
      if (entry.userKey === userKey && !entry.retired && !entry.revokedByAdmin) {
        entry.revokedByAdmin = true;
        this.revokedSids.add(entry.sid);
        refreshTokens++;
      }
    const revokedAt = this.seconds();
    this.revokedAt.set(userKey, revokedAt);
    return { sessions, refreshTokens, revokedAt };
  }

  /**
   * Whether a token the emulator issued to the user (its `sid` and `iat`) predates a
   * revocation or a disabling of the user: the emulated Graph then challenges it (CAE).
   * Returns the time the client must re-authenticate after, or undefined when it is good.
   */
  invalidatedSince(userKey: string, sid: string | undefined, issuedAt: number): number | undefined {
    const revokedAt = this.revokedAt.get(userKey);
    const disabledAt = this.disabled.get(userKey);
    if (disabledAt !== undefined) return disabledAt;
    if (revokedAt === undefined) return undefined;
    return (sid !== undefined && this.revokedSids.has(sid)) || issuedAt < revokedAt
      ? revokedAt
      : undefined;
  }

  disableUser(userKey: string): void {
    if (!this.disabled.has(userKey)) this.disabled.set(userKey, this.seconds());
  }

  enableUser(userKey: string): void {
    this.disabled.delete(userKey);
  }

  isDisabled(userKey: string): boolean {
    return this.disabled.has(userKey);
  }

  /** The delegated scopes the user has consented to for a resource, now. */
  consentedScopes(userKey: string, resourceAppId: string): readonly string[] {
    return [...(this.consent.get(userKey)?.get(resourceAppId) ?? [])];
  }

  grantConsent(userKey: string, resourceAppId: string, scopes: readonly string[]): void {
    const byResource = this.consent.get(userKey) ?? new Map<string, Set<string>>();
    this.consent.set(userKey, byResource);
    const granted = byResource.get(resourceAppId) ?? new Set<string>();
    byResource.set(resourceAppId, granted);
    scopes.forEach((scope) => granted.add(scope));
  }

  /**
   * Withdraws the user's consent (dev controls: "require consent again"), for one resource
   * or all; returns what was withdrawn, by resource app ID.
   */
  revokeConsent(userKey: string, resourceAppId?: string): Record<string, string[]> {
    const byResource = this.consent.get(userKey) ?? new Map<string, Set<string>>();
    const withdrawn: Record<string, string[]> = {};
    for (const [resource, scopes] of byResource) {
      if (resourceAppId !== undefined && resource !== resourceAppId) continue;
      if (scopes.size > 0) withdrawn[resource] = [...scopes];
      byResource.delete(resource);
    }
    return withdrawn;
  }

  // --- Injected failures -------------------------------------------------------------

  failTokenRequests(failures: InjectedFailures): void {
    this.failures = failures.remaining > 0 ? failures : undefined;
  }

  /** The failure the next token request gets, if one is pending; counts it. */
  takeTokenFailure(): InjectedFailures | undefined {
    const failures = this.failures;
    if (!failures) return undefined;
    failures.remaining--;
    if (failures.remaining <= 0) this.failures = undefined;
    return failures;
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

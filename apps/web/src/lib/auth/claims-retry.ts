/**
 * The one-retry rule for claims challenges, kept across the redirect to the identity
 * provider (sessionStorage, per tab): the claims the app already asked a new token for,
 * and the request that asked. A request that succeeds settles its attempt. A second
 * challenge for the same claims, before that, means the new sign-in did not satisfy the
 * API (a policy the user cannot meet, a misconfigured authentication context): the app
 * stops and says so instead of sending the user round again — no loop.
 *
 * An attempt is forgotten after ten minutes, so a user who walked away from the identity
 * provider's page and comes back later is asked again rather than told it failed.
 */

interface Attempt {
  readonly claims: string;
  /** The request that met the challenge, e.g. `DELETE /api/tasks`. */
  readonly request: string;
  readonly at: number;
}

const storageKey = 'pixy.claims-attempts';
const forgetAfterMs = 10 * 60_000;

export class ClaimsRetryMemory {
  constructor(
    private readonly storage: Storage | undefined = globalThis.sessionStorage,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Whether a new token was already asked for these claims, and not yet used with success. */
  wasAsked(claims: string): boolean {
    return this.load().some((attempt) => attempt.claims === claims);
  }

  /** A new token is being asked for `claims`, because `request` met the challenge. */
  markAsked(claims: string, request: string): void {
    this.save([
      ...this.load().filter((attempt) => attempt.claims !== claims),
      { claims, request, at: this.clock() },
    ]);
  }

  forget(claims: string): void {
    this.save(this.load().filter((attempt) => attempt.claims !== claims));
  }

  /** `request` succeeded: the challenges it met are answered. */
  settled(request: string): void {
    const attempts = this.load();
    if (attempts.some((attempt) => attempt.request === request)) {
      this.save(attempts.filter((attempt) => attempt.request !== request));
    }
  }

  private load(): Attempt[] {
    try {
      const parsed = JSON.parse(this.storage?.getItem(storageKey) ?? '[]') as unknown;
      if (!Array.isArray(parsed)) return [];
      const now = this.clock();
      return parsed.filter(
        (item: unknown): item is Attempt =>
          typeof item === 'object' &&
          item !== null &&
          typeof (item as Attempt).claims === 'string' &&
          typeof (item as Attempt).request === 'string' &&
          typeof (item as Attempt).at === 'number' &&
          now - (item as Attempt).at < forgetAfterMs,
      );
    } catch {
      return [];
    }
  }

  private save(attempts: Attempt[]): void {
    try {
      if (attempts.length === 0) this.storage?.removeItem(storageKey);
      else this.storage?.setItem(storageKey, JSON.stringify(attempts));
    } catch {
      // Storage blocked: MSAL, whose cache is sessionStorage too, cannot sign in either.
    }
  }
}

/** The app's one memory of claims attempts. */
export const claimsRetryMemory = new ClaimsRetryMemory();

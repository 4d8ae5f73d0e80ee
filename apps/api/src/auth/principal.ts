// Who is calling: what the API keeps from a validated access token.

/**
 * A signed-in user (a delegated token: the client app acts for the user), or an
 * application acting as itself (an app-only token from the client credentials grant).
 */
export type CallerKind = 'user' | 'app';

export interface Principal {
  readonly kind: CallerKind;
  /**
   * The object ID in the tenant: the user's, or the calling app's service principal. With
   * `tid`, the owner of the caller's tasks.
   */
  readonly oid: string;
  /** The tenant the token was issued in (lower case). */
  readonly tid: string;
  /** The client app that asked for the token (`azp`, lower case). */
  readonly clientId: string;
  /** Users only (display only, never for authorization). */
  readonly name: string | undefined;
  readonly preferredUsername: string | undefined;
  /** Delegated scopes from `scp`, exactly as granted. Always empty for an app. */
  readonly scopes: readonly string[];
  /** From `roles`: a user's app roles, or an app's application permissions. */
  readonly roles: readonly string[];
  /** Conditional Access authentication contexts satisfied at sign-in (`acrs`, e.g. `c1`). */
  readonly authContexts: readonly string[];
  /**
   * What the client app can handle (`xms_cc`, lower case): `cp1` means it answers claims
   * challenges (step-up, continuous access evaluation).
   */
  readonly clientCapabilities: readonly string[];
}

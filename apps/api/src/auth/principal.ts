// Who is calling: what the API keeps from a validated access token.
export interface Principal {
  /** The user's (or app's) object ID in the tenant: with `tid`, the owner of their tasks. */
  readonly oid: string;
  readonly tid: string;
  readonly name: string | undefined;
  readonly preferredUsername: string | undefined;
  /** Delegated scopes from `scp`, exactly as granted. */
  readonly scopes: readonly string[];
  /** App roles from `roles`. */
  readonly roles: readonly string[];
}

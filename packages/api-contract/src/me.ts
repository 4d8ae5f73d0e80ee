/** `GET /api/me`: who the caller is, as the API read the access token it verified. */
export interface Me {
  /** Object ID (`oid`): the user's immutable ID in their tenant. */
  readonly oid: string;
  /** Tenant ID (`tid`). */
  readonly tid: string;
  /** The `name` claim; null when the token has none. */
  readonly name: string | null;
  /** The `preferred_username` claim; null when the token has none. */
  readonly preferredUsername: string | null;
  /** Delegated scopes granted (`scp`), short names such as `Tasks.Read`. */
  readonly scopes: readonly string[];
  /** App roles assigned (`roles`), such as `Tasks.Admin`. */
  readonly roles: readonly string[];
}

/** `GET /api/me/profile`: the caller's Microsoft Graph profile (`/me`), read on their behalf. */
export interface GraphProfile {
  readonly displayName: string | null;
  readonly mail: string | null;
  readonly jobTitle: string | null;
  readonly officeLocation: string | null;
}

/**
 * The parts of Microsoft Graph's `application` and `servicePrincipal` resources (v1.0)
 * the setup script reads and writes. Reference: learn.microsoft.com/graph/api/resources/application.
 */

/** A delegated permission the API exposes (`api.oauth2PermissionScopes`). */
export interface PermissionScope {
  id: string;
  value: string;
  /** `User`: users may consent for themselves; `Admin`: only an administrator may. */
  type: 'User' | 'Admin';
  isEnabled: boolean;
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  userConsentDisplayName?: string | null;
  userConsentDescription?: string | null;
  [other: string]: unknown;
}

/** An app role (`appRoles`). */
export interface AppRole {
  id: string;
  value: string;
  displayName: string;
  description: string;
  isEnabled: boolean;
  /** `User` (users and groups) and/or `Application` (client apps). */
  allowedMemberTypes: string[];
  [other: string]: unknown;
}

/** A client the API trusts with some of its scopes without asking users for consent. */
export interface PreAuthorizedApplication {
  appId: string;
  delegatedPermissionIds: string[];
}

/** Permissions a client app asks for on one resource (`requiredResourceAccess`). */
export interface RequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: { id: string; type: 'Scope' | 'Role' }[];
}

export interface ApiApplication {
  oauth2PermissionScopes?: PermissionScope[];
  preAuthorizedApplications?: PreAuthorizedApplication[];
  /** 2 for v2.0 access tokens; null or 1 gives v1.0 tokens, which the Pixy API rejects. */
  requestedAccessTokenVersion?: number | null;
  /**
   * Client apps whose consent also covers this API ("combined consent"): a user or admin
   * of another tenant consenting to the SPA provisions the API there too.
   */
  knownClientApplications?: string[];
  [other: string]: unknown;
}

export interface Application {
  /** The object ID, used in Graph URLs. */
  id: string;
  /** The application (client) ID. */
  appId: string;
  displayName: string;
  signInAudience?: string;
  identifierUris?: string[];
  api?: ApiApplication | null;
  appRoles?: AppRole[];
  spa?: { redirectUris?: string[] } | null;
  web?: { redirectUris?: string[]; [other: string]: unknown } | null;
  requiredResourceAccess?: RequiredResourceAccess[];
  /** Optional claims in the tokens issued for this app (an API: its access tokens). */
  optionalClaims?: OptionalClaims | null;
}

export interface OptionalClaim {
  name: string;
  essential?: boolean;
  source?: string | null;
  additionalProperties?: string[];
}

export interface OptionalClaims {
  accessToken?: OptionalClaim[];
  idToken?: OptionalClaim[];
  saml2Token?: OptionalClaim[];
}

/** What `az ad app credential reset` prints: a new client secret. */
export interface NewSecret {
  appId: string;
  password: string;
  tenant: string;
}

export interface ServicePrincipal {
  id: string;
  appId: string;
}

export interface AppRoleAssignment {
  id?: string;
  appRoleId: string;
  principalId: string;
  resourceId: string;
}

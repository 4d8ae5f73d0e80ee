/**
 * What an emulator knows: its tenants, users and app registrations, in the shape of
 * Entra's own objects (app registrations with `signInAudience`, exposed scopes, app roles,
 * optional claims, secrets and certificates). The same shape is the JSON config file the
 * command line reads (config-file.ts). Everything is plain data: no functions, no classes.
 */

/** The tenant of personal Microsoft accounts (MSA), as at Entra. Always present. */
export const personalAccountsTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** Microsoft Graph, built in: its app ID (the `aud` of Graph tokens) and resource URI. */
export const microsoftGraph = {
  appId: '00000003-0000-0000-c000-000000000000',
  resource: 'https://graph.microsoft.com',
  /** The delegated permissions the emulated Graph exposes. */
  scopes: ['User.Read'],
} as const;

export interface EmulatorConfig {
  /** The organizations' tenants (work and school accounts). The first is the default. */
  readonly tenants: readonly TenantConfig[];
  readonly users: readonly UserConfig[];
  readonly applications: readonly ApplicationConfig[];
  /**
   * Conditional Access authentication contexts (`acrs` values, `c1` to `c99`) a client may
   * ask for with the `claims` parameter; asking for one shows the step-up page.
   */
  readonly authenticationContexts?: readonly AuthenticationContextConfig[];
}

export interface TenantConfig {
  /** The tenant ID (a GUID): the `tid` of its tokens, the path of its endpoints. */
  readonly id: string;
  readonly displayName: string;
}

export interface UserConfig {
  /** A short name for tests and the dev controls, e.g. `alice`. Default: the username's local part. */
  readonly key?: string;
  /** The user's home tenant: a configured tenant, or `personalAccountsTenantId` for a Microsoft account. */
  readonly tenant: string;
  /** Object ID in the home tenant (a GUID). */
  readonly oid: string;
  readonly displayName: string;
  /** `preferred_username` and `userPrincipalName`, e.g. `alice@contoso.test`. */
  readonly username: string;
  /** Graph's `mail`. Default: the username. */
  readonly mail?: string;
  readonly jobTitle?: string;
  readonly officeLocation?: string;
  /** B2B: other tenants the user is a guest in, with the guest's object ID there. */
  readonly guestIn?: readonly { readonly tenant: string; readonly oid: string }[];
  /**
   * Delegated permissions the user has consented to, by resource: an app's client ID or
   * identifier URI (`api://…`, `https://graph.microsoft.com`); `["*"]` means all of them.
   */
  readonly consent?: Readonly<Record<string, readonly string[]>>;
  /** Whether the user may consent to more on a consent page (default false: like a tenant whose admin disabled user consent). */
  readonly canConsent?: boolean;
  /** App roles assigned to the user, by resource. */
  readonly appRoles?: Readonly<Record<string, readonly string[]>>;
}

/** Who may sign in to an app, as Entra's `signInAudience`. */
export type SignInAudience =
  | 'AzureADMyOrg'
  | 'AzureADMultipleOrgs'
  | 'AzureADandPersonalMicrosoftAccount'
  | 'PersonalMicrosoftAccount';

export const signInAudiences: readonly SignInAudience[] = [
  'AzureADMyOrg',
  'AzureADMultipleOrgs',
  'AzureADandPersonalMicrosoftAccount',
  'PersonalMicrosoftAccount',
];

/** Optional claims an app registration may request (`optionalClaims` in its manifest). */
export type OptionalClaim = 'acct' | 'email' | 'idtyp' | 'xms_cc';
export const optionalClaimNames: readonly OptionalClaim[] = ['acct', 'email', 'idtyp', 'xms_cc'];

export interface AppRoleConfig {
  /** The value in a token's `roles`, e.g. `Tasks.Admin`. */
  readonly value: string;
  /** `User`: assigned to users (user tokens); `Application`: granted to apps (app-only tokens). */
  readonly allowedMemberTypes: readonly ('User' | 'Application')[];
}

export interface ApplicationConfig {
  readonly clientId: string;
  readonly displayName: string;
  /** The tenant the app is registered in. Default: the first tenant. */
  readonly tenant?: string;
  /** Default `AzureADMyOrg`: the home tenant's users only. */
  readonly signInAudience?: SignInAudience;
  /** The SPA platform: a public client signing users in with the code flow and PKCE. */
  readonly spa?: { readonly redirectUris: readonly string[] };
  /** Where the logout endpoint may send the browser back to. */
  readonly postLogoutRedirectUris?: readonly string[];
  /** The API the app exposes ("Expose an API"). */
  readonly api?: {
    /** Default: `api://<clientId>`. The first is the prefix of full scope names. */
    readonly identifierUris?: readonly string[];
    /** Delegated permissions (`scp`), e.g. `Tasks.Read`. */
    readonly scopes: readonly string[];
    /**
     * Client IDs of configured apps whose sign-ins may consent to this API and its own
     * `delegatedPermissions` in one step: a client listed here asking for `<this API>/.default`
     * gets the combined consent page (Entra's `api.knownClientApplications`).
     */
    readonly knownClientApplications?: readonly string[];
  };
  readonly appRoles?: readonly AppRoleConfig[];
  /** Optional claims: of the access tokens issued for this app as an API, and of its ID tokens. */
  readonly optionalClaims?: {
    readonly accessToken?: readonly OptionalClaim[];
    readonly idToken?: readonly OptionalClaim[];
  };
  /** Client secrets: any one authenticates the app (a confidential client). */
  readonly secrets?: readonly string[];
  /** Certificates (PEM) whose private keys sign the app's client assertions. */
  readonly certificates?: readonly string[];
  /** Application permissions granted to this app (admin consent), by resource. */
  readonly applicationPermissions?: Readonly<Record<string, readonly string[]>>;
  /**
   * Delegated permissions this app itself requests of other resources, by resource (the
   * delegated part of Entra's `requiredResourceAccess`), e.g. an API's Graph `User.Read` for
   * on-behalf-of. Used by combined consent only: see `api.knownClientApplications`.
   */
  readonly delegatedPermissions?: Readonly<Record<string, readonly string[]>>;
}

export interface AuthenticationContextConfig {
  /** `c1` to `c99`. */
  readonly id: string;
  readonly displayName: string;
}

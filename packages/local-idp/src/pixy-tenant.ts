/**
 * Pixy's emulated Entra ID: the tenant and app registrations of the team contract, the
 * test users, a partner tenant and a personal account, as one configuration for
 * @pixy/entra-emulator. The API's scopes, app roles and application permissions are read
 * from @pixy/auth-contract, the IDs, URLs and dev secrets from the stack's configuration,
 * so a scope added to the contract works here with no change.
 */
import {
  allAppPermissions,
  allAppRoles,
  allScopes,
  AppPermissions,
  AppRoles,
  applicationIdUri,
  MicrosoftGraph,
  Scopes,
} from '@pixy/auth-contract';
import type { StackConfig } from '@pixy/config';
import { gusAsGuestInPixyOid, testUsers, type TestUser, type TestUserKey } from './test-users.js';
import {
  microsoftGraph,
  personalAccountsTenantId,
  type EmulatorConfig,
  type UserConfig,
} from '@pixy/entra-emulator';

/** Fabrikam: a partner organization, for multi-tenant sign-ins and a guest. */
export const fabrikamTenantId = 'fab41c4a-0000-4000-8000-00000000fab4';

/** What Pixy's registrations need beyond the shared stack settings. */
export interface PixyTenantSecrets {
  /** The API's own credential, for on-behalf-of calls to Graph (API_CLIENT_SECRET). */
  readonly apiClientSecret: string;
  /** The daemon's credential, for client credentials (DAEMON_CLIENT_SECRET). */
  readonly daemonClientSecret: string;
  /** The authentication context a sensitive action needs (AUTH_STEP_UP_CONTEXT). */
  readonly stepUpContext: string;
}

export function pixyTenant(stack: StackConfig, secrets: PixyTenantSecrets): EmulatorConfig {
  const api = stack.apiClientId;
  const everyScope = {
    [api]: [...allScopes],
    [microsoftGraph.resource]: [MicrosoftGraph.UserRead.value],
  };
  // Each user from test-users.ts; consent and roles are the tenant's business, set here.
  const user = (key: TestUserKey, more: Partial<UserConfig> = {}): UserConfig => {
    const { oid, displayName, username, jobTitle, officeLocation, home }: TestUser = testUsers[key];
    return {
      key,
      tenant: {
        pixy: stack.tenantId,
        fabrikam: fabrikamTenantId,
        personal: personalAccountsTenantId,
      }[home],
      oid,
      displayName,
      username,
      ...(jobTitle === undefined ? {} : { jobTitle }),
      ...(officeLocation === undefined ? {} : { officeLocation }),
      consent: everyScope,
      canConsent: true,
      ...more,
    };
  };
  return {
    tenants: [
      { id: stack.tenantId, displayName: 'Pixy' },
      { id: fabrikamTenantId, displayName: 'Fabrikam' },
    ],
    users: [
      user('alice'),
      user('bob'),
      user('ada', { appRoles: { [api]: [AppRoles.TasksAdmin] } }),
      // Riley consented to reading tasks only, not to Graph, and may consent to nothing more.
      user('riley', { consent: { [api]: [Scopes.TasksRead] }, canConsent: false }),
      user('fiona'),
      user('gus', { guestIn: [{ tenant: stack.tenantId, oid: gusAsGuestInPixyOid }] }),
      user('max'),
    ],
    applications: [
      {
        clientId: stack.spaClientId,
        displayName: 'Pixy SPA',
        signInAudience: 'AzureADandPersonalMicrosoftAccount',
        spa: { redirectUris: [`${stack.spaUrl}/`, `${stack.spaUrl}/redirect.html`] },
        postLogoutRedirectUris: [`${stack.spaUrl}/`],
      },
      {
        clientId: stack.openApiClientId,
        displayName: 'Pixy API docs (OpenAPI UI)',
        spa: { redirectUris: [`${stack.apiUrl}/docs/oauth2-redirect.html`] },
      },
      {
        clientId: api,
        displayName: 'Pixy API',
        signInAudience: 'AzureADandPersonalMicrosoftAccount',
        api: {
          identifierUris: [applicationIdUri(api)],
          scopes: [...allScopes],
          // Combined consent, as `pnpm entra:setup` registers it: the SPA's (or the OpenAPI
          // UI's) `/.default` request with prompt=consent also consents to the API's Graph call.
          knownClientApplications: [stack.spaClientId, stack.openApiClientId],
        },
        appRoles: [
          ...allAppRoles.map((value) => ({ value, allowedMemberTypes: ['User' as const] })),
          ...allAppPermissions.map((value) => ({
            value,
            allowedMemberTypes: ['Application' as const],
          })),
        ],
        optionalClaims: { accessToken: ['idtyp', 'xms_cc', 'acct'] },
        secrets: [secrets.apiClientSecret],
        // On-behalf-of: the API reads the signed-in user's profile from Microsoft Graph.
        delegatedPermissions: { [microsoftGraph.resource]: [MicrosoftGraph.UserRead.value] },
      },
      ...(stack.daemonClientId === undefined
        ? []
        : [
            {
              clientId: stack.daemonClientId,
              displayName: 'Pixy daemon (app-only sample)',
              secrets: [secrets.daemonClientSecret],
              applicationPermissions: { [api]: [AppPermissions.TasksReadAll] },
            },
          ]),
    ],
    authenticationContexts: [
      { id: secrets.stepUpContext, displayName: 'Sensitive actions (delete every task)' },
    ],
  };
}

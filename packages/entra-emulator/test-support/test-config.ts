/**
 * The emulator tests' own directory, independent of any app: Contoso (the first tenant)
 * and a partner, Fabrikam; an SPA and an OpenAPI-style UI, a tasks API (which knows the
 * SPA, for combined consent to its Graph call) and a reports API, a daemon with a secret
 * and a certificate, and users for each case (a member, an admin, a reader who may not
 * consent, a partner, a guest, a personal account).
 */
import type { EmulatorConfig, UserConfig } from '../src/emulator-config.js';
import { microsoftGraph, personalAccountsTenantId } from '../src/emulator-config.js';

export const contoso = '7c0a5e11-0000-4000-8000-0000000c0a5e';
export const fabrikam = 'fab41c4a-0000-4000-8000-00000000fab4';

export const ids = {
  spa: '5fa00000-0000-4000-8000-0000000005fa',
  singleTenantSpa: '5fa00000-0000-4000-8000-0000000001a1',
  api: 'a9100000-0000-4000-8000-000000000a91',
  reports: 'e9047500-0000-4000-8000-0000000e9047',
  daemon: 'dae00000-0000-4000-8000-00000000dae0',
  daemonWithoutPermissions: 'dae00000-0000-4000-8000-000000000000',
} as const;

export const oids = {
  alice: 'a11ce000-0000-4000-8000-00000000a11c',
  bob: 'b0b00000-0000-4000-8000-000000000b0b',
  ada: 'ada00000-0000-4000-8000-000000000ada',
  riley: 'e11e7000-0000-4000-8000-0000000e11e7',
  fiona: 'f1047000-0000-4000-8000-0000000f1047',
  gus: '90500000-0000-4000-8000-000000000905',
  gusInContoso: '90500000-0000-4000-8000-0000000e9e57',
  max: '00000000-0000-0000-4d61-78204d617820',
} as const;

export const secrets = {
  api: 'api-secret-for-tests',
  daemon: 'daemon-secret-for-tests',
} as const;

export const defaultSpaUrl = 'https://localhost:5173';

/** `spaUrl`: the SPA's origin (a browser test serves its page on a free port). */
export function testConfig(
  options: { spaUrl?: string; daemonCertificate?: string } = {},
): EmulatorConfig {
  const spaUrl = options.spaUrl ?? defaultSpaUrl;
  const api = `api://${ids.api}`;
  const reports = `api://${ids.reports}`;
  const everything = {
    [api]: ['*'],
    [reports]: ['*'],
    [microsoftGraph.resource]: ['User.Read'],
  };
  const member = (
    key: keyof typeof oids,
    displayName: string,
    more: Partial<UserConfig> = {},
  ): UserConfig => ({
    key,
    tenant: contoso,
    oid: oids[key],
    displayName,
    username: `${key}@contoso.test`,
    jobTitle: 'Engineer',
    officeLocation: 'Building 1',
    consent: everything,
    canConsent: true,
    ...more,
  });
  return {
    tenants: [
      { id: contoso, displayName: 'Contoso' },
      { id: fabrikam, displayName: 'Fabrikam' },
    ],
    users: [
      member('alice', 'Alice Adams'),
      member('bob', 'Bob Baker'),
      member('ada', 'Ada Admin', { appRoles: { [api]: ['Tasks.Admin'] } }),
      member('riley', 'Riley Reader', {
        consent: { [api]: ['Tasks.Read'] },
        canConsent: false,
      }),
      member('fiona', 'Fiona Fabrikam', {
        tenant: fabrikam,
        username: 'fiona@fabrikam.test',
      }),
      member('gus', 'Gus Guest', {
        tenant: fabrikam,
        username: 'gus@fabrikam.test',
        guestIn: [{ tenant: contoso, oid: oids.gusInContoso }],
      }),
      member('max', 'Max Personal', {
        tenant: personalAccountsTenantId,
        username: 'max@outlook.test',
      }),
    ],
    applications: [
      {
        clientId: ids.spa,
        displayName: 'Tasks SPA',
        signInAudience: 'AzureADandPersonalMicrosoftAccount',
        spa: { redirectUris: [`${spaUrl}/`, `${spaUrl}/redirect.html`] },
        postLogoutRedirectUris: [`${spaUrl}/`],
      },
      {
        clientId: ids.singleTenantSpa,
        displayName: 'Contoso-only SPA',
        spa: { redirectUris: ['http://localhost:3000/docs/oauth2-redirect.html'] },
      },
      {
        clientId: ids.api,
        displayName: 'Tasks API',
        signInAudience: 'AzureADandPersonalMicrosoftAccount',
        // Combined consent: the SPA's `/.default` sign-ins also consent to the API's Graph call.
        api: { scopes: ['Tasks.Read', 'Tasks.ReadWrite'], knownClientApplications: [ids.spa] },
        appRoles: [
          { value: 'Tasks.Admin', allowedMemberTypes: ['User'] },
          { value: 'Tasks.Read.All', allowedMemberTypes: ['Application'] },
        ],
        optionalClaims: { accessToken: ['idtyp', 'xms_cc', 'acct'] },
        secrets: [secrets.api],
        delegatedPermissions: { [microsoftGraph.resource]: ['User.Read'] },
      },
      {
        clientId: ids.reports,
        displayName: 'Reports API',
        signInAudience: 'AzureADMultipleOrgs',
        api: { scopes: ['Reports.Read'] },
      },
      {
        clientId: ids.daemon,
        displayName: 'Tasks daemon',
        secrets: [secrets.daemon],
        certificates: options.daemonCertificate === undefined ? [] : [options.daemonCertificate],
        applicationPermissions: { [api]: ['Tasks.Read.All'] },
      },
      {
        clientId: ids.daemonWithoutPermissions,
        displayName: 'Daemon without permissions',
        secrets: [secrets.daemon],
      },
    ],
    authenticationContexts: [{ id: 'c1', displayName: 'Sensitive actions' }],
  };
}

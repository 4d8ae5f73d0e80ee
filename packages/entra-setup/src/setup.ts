/**
 * Creating or updating Pixy's app registrations in the signed-in tenant:
 *   the API     — application ID URI api://<client id>, the contract's delegated scopes,
 *                 app roles and application permissions, v2.0 access tokens, the optional
 *                 claims idtyp, xms_cc and acct, Microsoft Graph's User.Read (on-behalf-of)
 *                 and a client secret of its own, the two clients pre-authorized and known
 *                 (one consent covers the SPA and the API's Graph call);
 *   the SPA     — SPA platform, redirect URIs SPA_URL/ and SPA_URL/redirect.html;
 *   the OpenAPI UI — SPA platform, redirect URI API_URL/docs/oauth2-redirect.html;
 *   the daemon  — a confidential client with a secret, granted the application permission
 *                 Tasks.Read.All (admin consent: an app role assignment).
 * Each step reads first and writes only what differs, so a second run changes nothing;
 * a secret is made only when .env has none, and is never printed.
 */
import { AppPermissions, AppRoles, MicrosoftGraph } from '@pixy/auth-contract';
import type { Az, AzArg } from './az-cli.js';
import { AzCommandError, AzNotLoggedInError, body } from './az-cli.js';
import type { Application, AppRoleAssignment, NewSecret, ServicePrincipal } from './graph-types.js';
import {
  apiAppRoles,
  apiIdentifierUris,
  apiOptionalClaims,
  withResourceAccess,
  apiScopes,
  contractScopeIds,
  openApiRedirectUris,
  preAuthorized,
  sameJson,
  spaRedirectUris,
  union,
} from './registrations.js';

export const graphUrl = 'https://graph.microsoft.com/v1.0';

export interface SetupOptions {
  readonly az: Az;
  /** Prefix of the display names: "<appName> SPA", "<appName> API", "<appName> OpenAPI UI". */
  readonly appName: string;
  readonly spaUrl: string;
  readonly apiUrl: string;
  /** Client IDs already configured (from .env); those registrations are updated, not looked up by name. */
  readonly known: { spa?: string; api?: string; openApi?: string; daemon?: string };
  /** Which secrets .env already holds (API_CLIENT_SECRET, DAEMON_CLIENT_SECRET): those are kept. */
  readonly haveSecrets: { api: boolean; daemon: boolean };
  /** Assign the app role Tasks.Admin on the API to the signed-in user. */
  readonly assignAdmin: boolean;
  /**
   * Multi-tenant: the registrations accept accounts of any Entra tenant
   * (AzureADMultipleOrgs), the authority becomes .../organizations, and the API accepts
   * the tenants in AUTH_ALLOWED_TENANTS (this one, plus those already listed).
   */
  readonly multiTenant: boolean;
  /** AUTH_ALLOWED_TENANTS as configured now (kept, with this tenant added, when multi-tenant). */
  readonly allowedTenants: readonly string[];
  /** Progress lines, one per step. */
  readonly log: (line: string) => void;
}

export interface SetupResult {
  readonly tenantId: string;
  readonly signedInAs: string;
  readonly spaAppId: string;
  readonly apiAppId: string;
  readonly openApiAppId: string;
  readonly daemonAppId: string;
  /** The values for .env. */
  readonly env: Readonly<Record<string, string>>;
  /** The names in `env` whose values are secrets: written to .env, never printed. */
  readonly secretNames: readonly string[];
}

export async function setupEntra(options: SetupOptions): Promise<SetupResult> {
  const { az, log, appName } = options;
  const account = await signedInAccount(az);
  log(`Tenant ${account.tenantId}, signed in as ${account.user}.`);

  // The API first: the clients' permissions and redirect URIs refer to its scopes.
  const api = await findOrCreateApp(options, `${appName} API`, options.known.api);
  const apiSp = await ensureServicePrincipal(options, api);
  const identifierUris = apiIdentifierUris(api.appId, api.identifierUris);
  await updateIfChanged(options, api, 'application ID URI', 'identifierUris', identifierUris, [
    '--identifier-uris',
    ...identifierUris,
  ]);
  const scopes = apiScopes(api.appId, api.api?.oauth2PermissionScopes);
  await patchIfChanged(options, api, 'scopes and v2.0 access tokens', {
    api: { ...api.api, oauth2PermissionScopes: scopes, requestedAccessTokenVersion: 2 },
  });
  const roles = apiAppRoles(api.appId, api.appRoles);
  await updateIfChanged(options, api, 'app roles', 'appRoles', roles, [
    '--app-roles',
    body('api-app-roles.json', roles),
  ]);
  const scopeIds = contractScopeIds(scopes);
  await patchIfChanged(options, api, 'optional claims (idtyp, xms_cc, acct)', {
    optionalClaims: apiOptionalClaims(api.optionalClaims),
  });
  // On-behalf-of: the API reads the signed-in user's profile from Microsoft Graph.
  await addResourceAccess(options, api, 'Microsoft Graph User.Read', MicrosoftGraph.appId, [
    MicrosoftGraph.UserRead.id,
  ]);
  const secrets: Record<string, string> = {};
  if (!options.haveSecrets.api) secrets.API_CLIENT_SECRET = await newSecret(options, api);

  const spa = await findOrCreateApp(options, `${appName} SPA`, options.known.spa);
  await ensureServicePrincipal(options, spa);
  await ensureClient(options, spa, spaRedirectUris(options.spaUrl), api.appId, scopeIds);

  const openApi = await findOrCreateApp(options, `${appName} OpenAPI UI`, options.known.openApi);
  await ensureServicePrincipal(options, openApi);
  await ensureClient(options, openApi, openApiRedirectUris(options.apiUrl), api.appId, scopeIds);

  // Pre-authorizing the two clients means users are never asked to consent to the API's
  // scopes from them. A separate PATCH, after the scopes exist: it refers to their GUIDs.
  // Known clients: consenting to one (in another tenant, too) also covers the API.
  await patchIfChanged(options, api, 'pre-authorized and known clients', {
    api: {
      ...api.api,
      preAuthorizedApplications: preAuthorized(
        api.api?.preAuthorizedApplications ?? [],
        [spa.appId, openApi.appId],
        scopeIds,
      ),
      knownClientApplications: union(api.api?.knownClientApplications ?? [], [
        spa.appId,
        openApi.appId,
      ]),
    },
  });

  if (options.assignAdmin) await assignAdminRole(options, apiSp, roles);

  // The daemon: no user, so no platform; a secret, and Tasks.Read.All granted by an admin.
  // It asks for tokens in this tenant only, so it stays single-tenant under --multi-tenant.
  const daemon = await findOrCreateApp(options, `${appName} daemon`, options.known.daemon, {
    singleTenant: true,
  });
  const daemonSp = await ensureServicePrincipal(options, daemon);
  const readAll = roles.find((role) => role.value === AppPermissions.TasksReadAll);
  if (!readAll) throw new Error(`The API registration has no ${AppPermissions.TasksReadAll}.`);
  await addResourceAccess(options, daemon, 'API permissions', api.appId, [readAll.id], 'Role');
  await grantAppRole(options, apiSp, daemonSp, readAll, daemon.displayName);
  if (!options.haveSecrets.daemon) secrets.DAEMON_CLIENT_SECRET = await newSecret(options, daemon);

  const tenantId = account.tenantId;
  const tenancy: Record<string, string> = options.multiTenant
    ? {
        AUTH_AUTHORITY: 'https://login.microsoftonline.com/organizations',
        AUTH_ALLOWED_TENANTS: union(
          options.allowedTenants.includes('*') ? ['*'] : [tenantId],
          options.allowedTenants,
        ).join(','),
      }
    : { AUTH_AUTHORITY: `https://login.microsoftonline.com/${tenantId}` };
  return {
    tenantId,
    signedInAs: account.user,
    spaAppId: spa.appId,
    apiAppId: api.appId,
    openApiAppId: openApi.appId,
    daemonAppId: daemon.appId,
    env: {
      AUTH_TENANT_ID: tenantId,
      ...tenancy,
      SPA_CLIENT_ID: spa.appId,
      API_CLIENT_ID: api.appId,
      OPENAPI_CLIENT_ID: openApi.appId,
      DAEMON_CLIENT_ID: daemon.appId,
      ...secrets,
    },
    secretNames: Object.keys(secrets),
  };
}

async function signedInAccount(az: Az): Promise<{ tenantId: string; user: string }> {
  let account: { tenantId?: string; user?: { name?: string } } | null;
  try {
    account = (await az.run(['account', 'show'])) as typeof account;
  } catch (error) {
    if (error instanceof AzCommandError && /az login/i.test(error.stderr)) {
      throw new AzNotLoggedInError(error.stderr);
    }
    throw error;
  }
  if (!account?.tenantId)
    throw new Error('`az account show` returned no tenantId: run `az login`.');
  return { tenantId: account.tenantId, user: account.user?.name ?? 'an unknown account' };
}

async function findOrCreateApp(
  options: SetupOptions,
  displayName: string,
  knownAppId: string | undefined,
  { singleTenant = false }: { singleTenant?: boolean } = {},
): Promise<Application> {
  const { az, log } = options;
  const audience = (app: Application) => (singleTenant ? app : ensureAudience(options, app));
  if (knownAppId) {
    const [app] = (await az.run([
      'ad',
      'app',
      'list',
      '--filter',
      `appId eq '${knownAppId}'`,
    ])) as Application[];
    if (!app) {
      throw new Error(
        `The client ID ${knownAppId} configured for "${displayName}" (in .env or the environment) ` +
          'is not an app registration in this tenant. Sign in to the tenant that holds it ' +
          '(`az login --tenant …`), or remove the variable from .env to create a new registration.',
      );
    }
    log(`✓ ${displayName}: found ${app.appId} (from .env)`);
    return audience(app);
  }
  const found = (await az.run([
    'ad',
    'app',
    'list',
    '--filter',
    `displayName eq '${displayName.replace(/'/g, "''")}'`,
  ])) as Application[];
  if (found.length > 1) {
    throw new Error(
      `${found.length} app registrations are named "${displayName}" (${found.map((app) => app.appId).join(', ')}). ` +
        'Put the one to use in .env (SPA_CLIENT_ID, API_CLIENT_ID, OPENAPI_CLIENT_ID, ' +
        'DAEMON_CLIENT_ID), ' +
        'or choose other names with --app-name.',
    );
  }
  if (found[0]) {
    log(`✓ ${displayName}: found ${found[0].appId}`);
    return audience(found[0]);
  }
  const created = (await az.run([
    'ad',
    'app',
    'create',
    '--display-name',
    displayName,
    '--sign-in-audience',
    singleTenant ? 'AzureADMyOrg' : audienceOf(options),
  ])) as Application;
  log(`+ ${displayName}: created ${created.appId}`);
  return created;
}

/** Who may sign in to the registrations: this tenant's accounts, or any Entra tenant's. */
function audienceOf(options: SetupOptions): string {
  return options.multiTenant ? 'AzureADMultipleOrgs' : 'AzureADMyOrg';
}

/**
 * With --multi-tenant, an existing single-tenant registration is opened to other tenants.
 * Without it, the audience is left as it is (narrowing it would lock out partner tenants).
 */
async function ensureAudience(options: SetupOptions, app: Application): Promise<Application> {
  if (!options.multiTenant || app.signInAudience === 'AzureADMultipleOrgs') return app;
  await options.az.run([
    'ad',
    'app',
    'update',
    '--id',
    app.appId,
    '--sign-in-audience',
    'AzureADMultipleOrgs',
  ]);
  app.signInAudience = 'AzureADMultipleOrgs';
  options.log(`~ ${app.displayName}: accounts of any Entra tenant may sign in (multi-tenant)`);
  return app;
}

async function ensureServicePrincipal(
  options: SetupOptions,
  app: Application,
): Promise<ServicePrincipal> {
  const { az, log } = options;
  const [existing] = (await az.run([
    'ad',
    'sp',
    'list',
    '--filter',
    `appId eq '${app.appId}'`,
  ])) as ServicePrincipal[];
  if (existing) return existing;
  // An app registration made with the CLI has no service principal (enterprise
  // application) yet; users cannot sign in to it, nor hold its app roles, without one.
  const created = (await az.run(['ad', 'sp', 'create', '--id', app.appId])) as ServicePrincipal;
  log(`+ ${app.displayName}: created its enterprise application (service principal)`);
  return created;
}

/** The SPA platform with `redirectUris`, and the API's scopes among the client's permissions. */
async function ensureClient(
  options: SetupOptions,
  app: Application,
  redirectUris: string[],
  apiAppId: string,
  scopeIds: string[],
): Promise<void> {
  const web = app.web?.redirectUris ?? [];
  const misplaced = web.filter((uri) => redirectUris.includes(uri));
  const patch: Partial<Application> = {
    spa: { ...app.spa, redirectUris: union(app.spa?.redirectUris ?? [], redirectUris) },
  };
  if (misplaced.length > 0) {
    // Registered under "Web", these URIs make Entra refuse MSAL's token request with
    // AADSTS9002326; a URI belongs to one platform, so move them to "SPA".
    const { redirectUriSettings: _settings, ...rest } = app.web ?? {};
    patch.web = { ...rest, redirectUris: web.filter((uri) => !misplaced.includes(uri)) };
    options.log(
      `! ${app.displayName}: moving ${misplaced.join(', ')} from the Web platform to SPA`,
    );
  }
  await patchIfChanged(options, app, 'SPA redirect URIs', patch);

  await addResourceAccess(options, app, 'API permissions', apiAppId, scopeIds);
}

/**
 * Adds delegated scopes (`Scope`) or application permissions (`Role`) of one resource to
 * the app's API permissions (`requiredResourceAccess`), keeping every other entry.
 */
async function addResourceAccess(
  options: SetupOptions,
  app: Application,
  what: string,
  resourceAppId: string,
  ids: readonly string[],
  type: 'Scope' | 'Role' = 'Scope',
): Promise<void> {
  const access = withResourceAccess(app.requiredResourceAccess ?? [], resourceAppId, ids, type);
  await updateIfChanged(options, app, what, 'requiredResourceAccess', access, [
    '--required-resource-accesses',
    body(`${slug(app.displayName)}-required-resource-accesses.json`, access),
  ]);
}

/** Sets one property with `az ad app update`, which has flags for it, when it differs. */
async function updateIfChanged<K extends keyof Application>(
  options: SetupOptions,
  app: Application,
  what: string,
  property: K,
  value: Application[K],
  flags: AzArg[],
): Promise<void> {
  if (sameJson(value, app[property] ?? [])) {
    options.log(`✓ ${app.displayName}: ${what} up to date`);
    return;
  }
  await options.az.run(['ad', 'app', 'update', '--id', app.appId, ...flags]);
  app[property] = value;
  options.log(`~ ${app.displayName}: ${what} updated`);
}

/**
 * PATCHes the application through Microsoft Graph (`az rest`; `az ad app update` has no
 * flags for the SPA platform nor the API's scopes) when `patch` differs from
 * what it holds, and keeps `app` in step. Whole complex properties are sent (api, spa),
 * never fragments, so nothing depends on how Graph merges partial complex values.
 */
async function patchIfChanged(
  options: SetupOptions,
  app: Application,
  what: string,
  patch: Partial<Application>,
): Promise<void> {
  const changed = Object.entries(patch).filter(
    ([key, value]) => !sameJson(value, (app as unknown as Record<string, unknown>)[key]),
  );
  if (changed.length === 0) {
    options.log(`✓ ${app.displayName}: ${what} up to date`);
    return;
  }
  const payload = Object.fromEntries(changed);
  await options.az.run([
    'rest',
    '--method',
    'PATCH',
    '--uri',
    `${graphUrl}/applications/${app.id}`,
    '--headers',
    'Content-Type=application/json',
    '--body',
    body(`${slug(app.displayName)}-${slug(what)}.json`, payload),
  ]);
  Object.assign(app, payload);
  options.log(`~ ${app.displayName}: ${what} updated`);
}

/**
 * A new client secret on the app (`az ad app credential reset --append`: existing ones keep
 * working). Returned for .env only: never logged.
 */
async function newSecret(options: SetupOptions, app: Application): Promise<string> {
  const created = (await options.az.run([
    'ad',
    'app',
    'credential',
    'reset',
    '--id',
    app.appId,
    '--append',
    '--display-name',
    'pnpm entra:setup',
    '--years',
    '1',
  ])) as NewSecret;
  options.log(`+ ${app.displayName}: a new client secret (valid 1 year), written to .env only`);
  return created.password;
}

/**
 * An app role assigned to a principal (a user, or a client app's service principal) on the
 * resource's service principal, unless it already is.
 */
async function assignAppRole(
  az: SetupOptions['az'],
  resourceSp: ServicePrincipal,
  principalId: string,
  role: { id: string },
  bodyFile: string,
): Promise<'already assigned' | 'assigned'> {
  const assignedTo = `${graphUrl}/servicePrincipals/${resourceSp.id}/appRoleAssignedTo`;
  const existing = (await az.run(['rest', '--method', 'GET', '--uri', assignedTo])) as {
    value: AppRoleAssignment[];
  };
  if (
    existing.value.some((item) => item.principalId === principalId && item.appRoleId === role.id)
  ) {
    return 'already assigned';
  }
  const assignment: AppRoleAssignment = {
    principalId,
    resourceId: resourceSp.id,
    appRoleId: role.id,
  };
  await az.run([
    'rest',
    '--method',
    'POST',
    '--uri',
    assignedTo,
    '--headers',
    'Content-Type=application/json',
    '--body',
    body(bodyFile, assignment),
  ]);
  return 'assigned';
}

/**
 * Admin consent for an application permission: the app role assigned to the client app's
 * service principal. Needs an administrator (Cloud Application Administrator or above).
 */
async function grantAppRole(
  options: SetupOptions,
  resourceSp: ServicePrincipal,
  clientSp: ServicePrincipal,
  role: { id: string; value: string },
  clientName: string,
): Promise<void> {
  let outcome: 'already assigned' | 'assigned';
  try {
    outcome = await assignAppRole(
      options.az,
      resourceSp,
      clientSp.id,
      role,
      'daemon-app-role-assignment.json',
    );
  } catch (error) {
    if (
      error instanceof AzCommandError &&
      /Authorization_RequestDenied|Insufficient privileges/i.test(error.stderr)
    ) {
      throw new Error(
        `Granting ${role.value} to ${clientName} needs an administrator's consent (Cloud Application ` +
          `Administrator or above). Ask one to grant admin consent on "${clientName}" → API ` +
          'permissions, then run `pnpm entra:setup` again.',
        { cause: error },
      );
    }
    throw error;
  }
  options.log(
    outcome === 'assigned'
      ? `+ ${clientName}: ${role.value} granted (admin consent)`
      : `✓ ${clientName}: ${role.value} granted`,
  );
}

async function assignAdminRole(
  options: SetupOptions,
  apiSp: ServicePrincipal,
  roles: { id: string; value: string }[],
): Promise<void> {
  const { az, log } = options;
  const role = roles.find((candidate) => candidate.value === AppRoles.TasksAdmin);
  if (!role) throw new Error(`The API registration has no app role ${AppRoles.TasksAdmin}.`);
  const user = (await az.run(['ad', 'signed-in-user', 'show'])) as { id: string };
  const outcome = await assignAppRole(az, apiSp, user.id, role, 'app-role-assignment.json');
  log(
    outcome === 'assigned'
      ? `+ Assigned the app role ${role.value} to you (sign out and in again to see it in tokens)`
      : `✓ You already hold the app role ${role.value}`,
  );
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

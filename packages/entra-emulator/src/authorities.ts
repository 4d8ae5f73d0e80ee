/**
 * Entra's authorities: a tenant (`/<tenant-id>`), or one of the three multi-tenant aliases
 * (`/organizations`, `/common`, `/consumers`), each with the same v2.0 endpoints under it.
 * Which tenant a sign-in lands in, and who may sign in where, follows from the authority
 * and the app's `signInAudience`, as at Entra.
 */
import type { App, Directory, Identity, Tenant, User } from './directory.js';
import { personalAccountsTenantId } from './emulator-config.js';
import { EntraError } from './entra-errors.js';

export type Alias = 'organizations' | 'common' | 'consumers';
export const aliases: readonly Alias[] = ['organizations', 'common', 'consumers'];

export type Authority =
  | { readonly kind: 'tenant'; readonly segment: string; readonly tenant: Tenant }
  | { readonly kind: Alias; readonly segment: Alias };

/** The endpoints under every authority, as paths after `/<segment>`. */
export const endpoints = {
  discovery: '/v2.0/.well-known/openid-configuration',
  authorize: '/oauth2/v2.0/authorize',
  token: '/oauth2/v2.0/token',
  keys: '/discovery/v2.0/keys',
  logout: '/oauth2/v2.0/logout',
} as const;
export type Endpoint = keyof typeof endpoints;

/** Splits `/<segment>/<endpoint>`; undefined when the path is no authority endpoint. */
export function matchEndpoint(path: string): { segment: string; endpoint: Endpoint } | undefined {
  const slash = path.indexOf('/', 1);
  if (slash < 0) return undefined;
  const rest = path.slice(slash);
  const endpoint = (Object.keys(endpoints) as Endpoint[]).find((name) => endpoints[name] === rest);
  return endpoint && { segment: path.slice(1, slash), endpoint };
}

/** The authority of a path segment; throws AADSTS90002 for a tenant the emulator does not have. */
export function parseAuthority(directory: Directory, segment: string): Authority {
  const lower = segment.toLowerCase();
  if ((aliases as readonly string[]).includes(lower)) {
    return { kind: lower as Alias, segment: lower as Alias };
  }
  const tenant = directory.tenant(lower);
  if (!tenant) {
    throw new EntraError(
      'invalid_request',
      90002,
      `Tenant '${segment}' not found. This emulator has the tenants ` +
        `${directory.tenants.map((t) => `${t.id} (${t.displayName})`).join(', ')}, and ` +
        `/organizations, /common and /consumers. Check the authority the app uses.`,
    );
  }
  return { kind: 'tenant', segment: tenant.id, tenant };
}

/** `<origin>/<tenant>/v2.0`: the tokens' `iss`. */
export function issuerOf(origin: string, tenantId: string): string {
  return `${origin}/${tenantId}/v2.0`;
}

/** The discovery `issuer`: templated for `/organizations` and `/common`, as at Entra. */
export function discoveryIssuer(origin: string, authority: Authority): string {
  if (authority.kind === 'tenant') return issuerOf(origin, authority.tenant.id);
  if (authority.kind === 'consumers') return issuerOf(origin, personalAccountsTenantId);
  return issuerOf(origin, '{tenantid}');
}

/** Whether tokens of `tenant` may be issued through `authority` (e.g. a code redeemed there). */
export function authorityCovers(authority: Authority, tenant: Tenant): boolean {
  switch (authority.kind) {
    case 'tenant':
      return authority.tenant === tenant;
    case 'organizations':
      return !tenant.personal;
    case 'consumers':
      return tenant.personal;
    case 'common':
      return true;
  }
}

/**
 * Refuses an app the authority cannot serve, with Entra's error: a single-tenant app on
 * `/common` or `/organizations` (AADSTS50194), an app without Microsoft accounts on
 * `/consumers` (AADSTS9002332), an app with no service principal in the tenant (AADSTS700016).
 */
export function checkAppAtAuthority(directory: Directory, app: App, authority: Authority): void {
  const multiTenant =
    app.signInAudience === 'AzureADMultipleOrgs' ||
    app.signInAudience === 'AzureADandPersonalMicrosoftAccount';
  const personalAccounts =
    app.signInAudience === 'AzureADandPersonalMicrosoftAccount' ||
    app.signInAudience === 'PersonalMicrosoftAccount';
  if (authority.kind === 'tenant') {
    if (!directory.appServes(app, authority.tenant)) {
      throw new EntraError(
        'unauthorized_client',
        700016,
        `Application with identifier '${app.clientId}' was not found in the directory '${authority.tenant.displayName}' ` +
          `(${authority.tenant.id}). Its signInAudience is ${app.signInAudience} and its home tenant ${app.home.id}.`,
      );
    }
    return;
  }
  if (authority.kind === 'consumers' && !personalAccounts) {
    throw new EntraError(
      'invalid_request',
      9002332,
      `Application '${app.clientId}'(${app.displayName}) is configured for use by Microsoft Entra users only ` +
        `(signInAudience ${app.signInAudience}). Please do not use the /consumers endpoint to serve this request.`,
    );
  }
  const aliasOk =
    authority.kind === 'consumers' ||
    multiTenant ||
    (authority.kind === 'common' && app.signInAudience === 'PersonalMicrosoftAccount');
  if (!aliasOk) {
    throw new EntraError(
      'invalid_request',
      50194,
      `Application '${app.clientId}'(${app.displayName}) is not configured as a multi-tenant application ` +
        `(signInAudience ${app.signInAudience}). Usage of the /${authority.kind} endpoint is not supported for ` +
        `such applications. Use a tenant-specific endpoint or configure the application to be multi-tenant.`,
    );
  }
}

/** The identity `user` signs in with at `authority` for `app`, or undefined when none may. */
export function identityAt(
  directory: Directory,
  user: User,
  authority: Authority,
  app: App,
): Identity | undefined {
  const identity =
    authority.kind === 'tenant'
      ? directory.identityIn(user, authority.tenant)
      : directory.identityIn(user, user.home.tenant);
  if (!identity || !authorityCovers(authority, identity.tenant)) return undefined;
  return directory.appServes(app, identity.tenant) ? identity : undefined;
}

/** The users who may sign in at `authority` to `app`: the sign-in page's list. */
export function identitiesAt(directory: Directory, authority: Authority, app: App): Identity[] {
  return directory.users.flatMap((user) => identityAt(directory, user, authority, app) ?? []);
}

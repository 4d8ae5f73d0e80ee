#!/usr/bin/env node
// A stand-in for the Azure CLI, for offline tests only. The tests copy it into a folder
// they put first on PATH, named `az`. It keeps a small tenant in $FAKE_AZ_DIR/tenant.json,
// appends every call to $FAKE_AZ_DIR/calls.jsonl (with the JSON of each @file argument),
// and answers with output shaped like the documented `az` and Microsoft Graph v1.0 output.
// It enforces the Graph rules the setup script must respect: an enabled scope or app role
// cannot be deleted or re-keyed, pre-authorized scope IDs must already exist, and an app
// role is assigned to a principal only once. $FAKE_AZ_LOGGED_OUT=1 plays a signed-out CLI.
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import process from 'node:process';

const dir = process.env.FAKE_AZ_DIR;
if (!dir) fail('fake az: FAKE_AZ_DIR is not set', 2);
const tenantFile = join(dir, 'tenant.json');
const tenant = existsSync(tenantFile)
  ? JSON.parse(readFileSync(tenantFile, 'utf8'))
  : {
      tenantId: 'aaaabbbb-0000-4000-8000-00000000c0de',
      user: defaultUser(),
      apps: [],
      sps: [],
      assignments: [],
    };

const args = process.argv.slice(2);
const files = {};
const recorded = args.map((arg) => {
  if (!arg.startsWith('@')) return arg;
  const name = basename(arg.slice(1));
  files[name] = JSON.parse(readFileSync(arg.slice(1), 'utf8'));
  return `@${name}`;
});
appendFileSync(join(dir, 'calls.jsonl'), JSON.stringify({ args: recorded, files }) + '\n');

const opt = (name) => {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  return value?.startsWith('@') ? JSON.stringify(files[basename(value.slice(1))]) : value;
};
const firstFlag = args.findIndex((arg) => arg.startsWith('-'));
const command = args.slice(0, firstFlag < 0 ? undefined : firstFlag).join(' ');

if (command === 'account show') {
  if (process.env.FAKE_AZ_LOGGED_OUT === '1')
    fail("ERROR: Please run 'az login' to setup account.", 1);
  out({
    environmentName: 'AzureCloud',
    homeTenantId: tenant.tenantId,
    id: tenant.tenantId,
    isDefault: true,
    managedByTenants: [],
    name: 'N/A(tenant level account)',
    state: 'Enabled',
    tenantId: tenant.tenantId,
    user: { name: tenant.user.userPrincipalName, type: 'user' },
  });
} else if (command === 'ad signed-in-user show') {
  out({
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity',
    ...tenant.user,
  });
} else if (command === 'ad app list') {
  out(tenant.apps.filter(matches(opt('--filter'))));
} else if (command === 'ad app create') {
  const app = newApplication(
    opt('--display-name'),
    opt('--sign-in-audience') ?? 'AzureADandPersonalMicrosoftAccount',
  );
  tenant.apps.push(app);
  save();
  out({
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#applications/$entity',
    ...app,
  });
} else if (command === 'ad app update') {
  const app = appBy(opt('--id'));
  const patch = {};
  if (opt('--identifier-uris')) {
    // nargs='+': the values up to the next option
    const rest = args.slice(args.indexOf('--identifier-uris') + 1);
    const end = rest.findIndex((arg) => arg.startsWith('--'));
    patch.identifierUris = rest.slice(0, end < 0 ? undefined : end);
  }
  if (opt('--app-roles')) patch.appRoles = JSON.parse(opt('--app-roles'));
  if (opt('--sign-in-audience')) patch.signInAudience = opt('--sign-in-audience');
  if (opt('--required-resource-accesses'))
    patch.requiredResourceAccess = JSON.parse(opt('--required-resource-accesses'));
  applyPatch(app, patch);
  save(); // az ad app update prints nothing
} else if (command === 'ad app credential reset') {
  const app = appBy(opt('--id'));
  if (!args.includes('--append')) fail('fake az: pnpm entra:setup must --append secrets', 2);
  const password = `fake-secret-${randomUUID()}`;
  app.passwordCredentials = [
    ...(app.passwordCredentials ?? []),
    { displayName: opt('--display-name'), hint: password.slice(0, 3) },
  ];
  save();
  out({ appId: app.appId, password, tenant: tenant.tenantId });
} else if (command === 'ad sp list') {
  out(tenant.sps.filter(matches(opt('--filter'))));
} else if (command === 'ad sp create') {
  const app = appBy(opt('--id'));
  // $FAKE_AZ_REPLICATION_LAG=1: the first call about a new application fails, as Graph
  // does for a few seconds after creating it.
  if (process.env.FAKE_AZ_REPLICATION_LAG === '1' && !tenant.replicated?.includes(app.appId)) {
    tenant.replicated = [...(tenant.replicated ?? []), app.appId];
    save();
    fail(
      `ERROR: Resource '${app.appId}' does not exist or one of its queried reference-property objects are not present.`,
      3,
    );
  }
  if (tenant.sps.some((sp) => sp.appId === app.appId)) {
    fail(
      'ERROR: Bad Request({"error":{"code":"Request_MultipleObjectsWithSameKeyValue","message":"The service principal cannot be created, updated, or restored because the service principal name ' +
        app.appId +
        ' is already in use."}})',
      1,
    );
  }
  const sp = {
    id: randomUUID(),
    appId: app.appId,
    displayName: app.displayName,
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    servicePrincipalType: 'Application',
    signInAudience: app.signInAudience,
    appRoles: app.appRoles,
    oauth2PermissionScopes: app.api.oauth2PermissionScopes,
    servicePrincipalNames: [app.appId, ...app.identifierUris],
    tags: [],
  };
  tenant.sps.push(sp);
  save();
  out({
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#servicePrincipals/$entity',
    ...sp,
  });
} else if (args[0] === 'rest') {
  rest(opt('--method')?.toUpperCase() ?? 'GET', opt('--uri'), opt('--body'));
} else {
  fail(`fake az: unsupported command: az ${args.join(' ')}`, 2);
}

function rest(method, uri, bodyText) {
  const graph = 'https://graph.microsoft.com/v1.0';
  if (!uri?.startsWith(graph)) fail(`fake az: unsupported uri ${uri}`, 2);
  const path = uri.slice(graph.length);
  let match;
  if ((match = /^\/applications\/([^/?]+)$/.exec(path))) {
    const app = tenant.apps.find((item) => item.id === match[1]);
    if (!app)
      graphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${match[1]}' does not exist or one of its queried reference-property objects are not present.`,
      );
    if (method === 'GET') return out(app);
    if (method === 'PATCH') {
      if (
        process.env.FAKE_AZ_PATCH_HEADER_CHECK !== '0' &&
        !args.includes('Content-Type=application/json')
      ) {
        graphError(415, 'UnsupportedMediaType', 'Content-Type must be application/json');
      }
      applyPatch(app, JSON.parse(bodyText));
      save();
      return; // 204 No Content: az rest prints nothing
    }
  }
  if ((match = /^\/servicePrincipals\/([^/?]+)\/appRoleAssignedTo$/.exec(path))) {
    const sp = tenant.sps.find((item) => item.id === match[1]);
    if (!sp) graphError(404, 'Request_ResourceNotFound', `Resource '${match[1]}' does not exist.`);
    if (method === 'GET') {
      return out({
        '@odata.context': `${graph}/$metadata#servicePrincipals('${sp.id}')/appRoleAssignedTo`,
        value: tenant.assignments.filter((a) => a.resourceId === sp.id),
      });
    }
    if (method === 'POST') {
      const body = JSON.parse(bodyText);
      const app = tenant.apps.find((item) => item.appId === sp.appId);
      if (
        body.resourceId !== sp.id ||
        !app.appRoles.some((role) => role.id === body.appRoleId && role.isEnabled)
      ) {
        graphError(
          400,
          'Request_BadRequest',
          'Permission being assigned was not found on application',
        );
      }
      if (
        tenant.assignments.some(
          (a) =>
            a.resourceId === sp.id &&
            a.principalId === body.principalId &&
            a.appRoleId === body.appRoleId,
        )
      ) {
        graphError(
          400,
          'Request_BadRequest',
          'Permission being assigned already exists on the object',
        );
      }
      const assignment = {
        id: randomUUID(),
        appRoleId: body.appRoleId,
        createdDateTime: new Date().toISOString(),
        deletedDateTime: null,
        principalDisplayName: tenant.user.displayName,
        principalId: body.principalId,
        principalType: 'User',
        resourceDisplayName: sp.displayName,
        resourceId: sp.id,
      };
      tenant.assignments.push(assignment);
      save();
      return out({
        '@odata.context': `${graph}/$metadata#servicePrincipals('${sp.id}')/appRoleAssignedTo/$entity`,
        ...assignment,
      });
    }
  }
  fail(`fake az: unsupported request ${method} ${uri}`, 2);
}

function applyPatch(app, patch) {
  if (patch.api?.oauth2PermissionScopes)
    checkEntitlements(app.api.oauth2PermissionScopes, patch.api.oauth2PermissionScopes);
  if (patch.appRoles) checkEntitlements(app.appRoles, patch.appRoles);
  for (const pre of patch.api?.preAuthorizedApplications ?? []) {
    for (const id of pre.delegatedPermissionIds) {
      if (!app.api.oauth2PermissionScopes.some((scope) => scope.id === id)) {
        graphError(
          400,
          'InvalidPreAuthorizedAppPermission',
          `Property api.preAuthorizedApplications references a scope ${id} that does not exist on the application.`,
        );
      }
    }
  }
  for (const uri of patch.spa?.redirectUris ?? []) {
    if (
      app.web.redirectUris.includes(uri) &&
      !(patch.web?.redirectUris && !patch.web.redirectUris.includes(uri))
    ) {
      graphError(
        400,
        'Request_BadRequest',
        `Redirect URI ${uri} is already registered for another platform.`,
      );
    }
  }
  Object.assign(app, patch);
}

// Graph: "Permission (scope or role) cannot be deleted or updated unless disabled first."
function checkEntitlements(before, after) {
  for (const old of before.filter((item) => item.isEnabled)) {
    const now = after.find((item) => item.id === old.id);
    if (!now || now.value !== old.value) {
      graphError(
        400,
        'CannotDeleteOrUpdateEnabledEntitlement',
        'Permission (scope or role) cannot be deleted or updated unless disabled first.',
      );
    }
  }
  const ids = after.map((item) => item.id);
  if (new Set(ids).size !== ids.length)
    graphError(400, 'Request_BadRequest', 'Duplicate permission ids.');
}

function newApplication(displayName, signInAudience) {
  return {
    id: randomUUID(),
    deletedDateTime: null,
    appId: randomUUID(),
    applicationTemplateId: null,
    disabledByMicrosoftStatus: null,
    createdDateTime: new Date().toISOString(),
    displayName,
    description: null,
    groupMembershipClaims: null,
    identifierUris: [],
    isDeviceOnlyAuthSupported: null,
    isFallbackPublicClient: null,
    notes: null,
    publisherDomain: 'contoso.onmicrosoft.com',
    serviceManagementReference: null,
    signInAudience,
    tags: [],
    tokenEncryptionKeyId: null,
    defaultRedirectUri: null,
    optionalClaims: null,
    addIns: [],
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      requestedAccessTokenVersion: null,
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
    },
    appRoles: [],
    info: {
      logoUrl: null,
      marketingUrl: null,
      privacyStatementUrl: null,
      supportUrl: null,
      termsOfServiceUrl: null,
    },
    keyCredentials: [],
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
    passwordCredentials: [],
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    web: {
      homePageUrl: null,
      logoutUrl: null,
      redirectUris: [],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
      redirectUriSettings: [],
    },
    spa: { redirectUris: [] },
  };
}

function defaultUser() {
  return {
    businessPhones: [],
    displayName: 'Dana Developer',
    givenName: 'Dana',
    jobTitle: null,
    mail: null,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: 'Developer',
    userPrincipalName: 'dana@contoso.onmicrosoft.com',
    id: '0d0e0f10-1112-4131-8415-161718191a1b',
  };
}

function matches(filter) {
  if (!filter) return () => true;
  const match = /^(appId|displayName) eq '((?:[^']|'')*)'$/.exec(filter);
  if (!match) fail(`fake az: unsupported filter ${filter}`, 2);
  const value = match[2].replace(/''/g, "'");
  return (item) => item[match[1]] === value;
}

function appBy(id) {
  const app = tenant.apps.find((item) => item.appId === id || item.id === id);
  if (!app)
    fail(
      `ERROR: Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      3,
    );
  return app;
}

function graphError(status, code, message) {
  fail(
    `ERROR: ${status === 404 ? 'Not Found' : 'Bad Request'}({"error":{"code":"${code}","message":"${message}"}})`,
    1,
  );
}

function save() {
  writeFileSync(tenantFile, JSON.stringify(tenant, null, 2));
}

function out(value) {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

function fail(message, code) {
  process.stderr.write(message + '\n');
  process.exit(code);
}

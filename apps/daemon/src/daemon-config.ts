// The daemon's configuration, from the root .env and the environment, validated once: who
// it is (DAEMON_CLIENT_ID and its secret or certificate), which tenant it asks for a token
// (client credentials need one: the authority's, or AUTH_TENANT_ID with a multi-tenant
// authority), and which API it calls (API_CLIENT_ID, API_URL).
import { readClientCertificate, type ClientCredential } from '@pixy/authority-https';
import { ConfigReader, localDefaults, readStackConfig, resolveFromRoot } from '@pixy/config';

export interface DaemonConfig {
  readonly clientId: string;
  readonly credential: ClientCredential;
  /** A tenant's authority, e.g. `https://login.microsoftonline.com/<tenant>`. */
  readonly authority: string;
  readonly authorityHost: string;
  readonly isMicrosoftAuthority: boolean;
  readonly apiClientId: string;
  /** The API's base URL (API_URL). */
  readonly apiUrl: string;
}

/** Throws a ConfigError listing every problem, each saying what to fix. */
export function readDaemonConfig(env: NodeJS.ProcessEnv, root?: string): DaemonConfig {
  const reader = new ConfigReader(env);
  const stack = readStackConfig(reader);
  const clientId = stack.daemonClientId ?? '';
  if (stack.daemonClientId === undefined) {
    reader.problem(
      'DAEMON_CLIENT_ID is not set: the daemon signs in as an app registration of its own, ' +
        'with the application permission Tasks.Read.All (`pnpm entra:setup` creates it).',
    );
  }
  const credential = readCredential(reader, stack.isMicrosoftAuthority, root);
  // Client credentials are asked of one tenant: /organizations and /common name none.
  const base = stack.authority.slice(0, stack.authority.lastIndexOf('/'));
  const authority = stack.tenancy === 'single' ? stack.authority : `${base}/${stack.tenantId}`;
  reader.finish();
  return {
    clientId,
    credential: credential!,
    authority,
    authorityHost: stack.authorityHost,
    isMicrosoftAuthority: stack.isMicrosoftAuthority,
    apiClientId: stack.apiClientId,
    apiUrl: stack.apiUrl,
  };
}

function readCredential(
  reader: ConfigReader,
  isMicrosoftAuthority: boolean,
  root: string | undefined,
): ClientCredential | undefined {
  const certificatePath = reader.raw('DAEMON_CLIENT_CERTIFICATE_PATH');
  if (certificatePath !== undefined) {
    try {
      return readClientCertificate(
        root === undefined
          ? resolveFromRoot(certificatePath)
          : resolveFromRoot(certificatePath, root),
      );
    } catch (error) {
      reader.problem(`DAEMON_CLIENT_CERTIFICATE_PATH: ${(error as Error).message}`);
      return undefined;
    }
  }
  const secret = reader.raw('DAEMON_CLIENT_SECRET');
  if (!isMicrosoftAuthority) {
    return { kind: 'secret', secret: secret ?? localDefaults.DAEMON_CLIENT_SECRET };
  }
  if (secret === undefined || secret === localDefaults.DAEMON_CLIENT_SECRET) {
    reader.problem(
      (secret === undefined
        ? 'DAEMON_CLIENT_SECRET (or DAEMON_CLIENT_CERTIFICATE_PATH) is not set'
        : "DAEMON_CLIENT_SECRET is still the local emulator's dev secret") +
        ' while AUTH_AUTHORITY is Entra ID: `pnpm entra:setup` adds a secret to the daemon’s ' +
        'registration and writes it to .env (docs/downstream-apis.md).',
    );
    return undefined;
  }
  return { kind: 'secret', secret };
}

// The daemon's one job, with no user: a token for the API by the client credentials grant
// (msal-node, the daemon's own credential, the `.default` scope: every application
// permission an administrator granted it), then GET /api/admin/tasks with it, then the
// report. Each failure says what to fix.
import type { Agent } from 'node:https';
import {
  ConfidentialClientApplication,
  ServerError,
  type AuthenticationResult,
} from '@azure/msal-node';
import { AppPermissions, defaultScopeUri } from '@pixy/auth-contract';
import {
  AgentNetworkClient,
  AuthorityUnavailableError,
  msalCredential,
} from '@pixy/authority-https';
import type { DaemonConfig } from './daemon-config.js';
import type { OwnedTask } from '@pixy/api-contract';
import { openTasksReport } from './tasks-report.js';

/** A failure the daemon explains; it exits with 1. */
export class DaemonError extends Error {
  override readonly name = 'DaemonError';
}

export interface DaemonRun {
  /** The agent for the authority (the local emulator's dev CA, for a localhost authority). */
  readonly agent?: Agent | undefined;
  readonly write: (line: string) => void;
}

export async function runDaemon(config: DaemonConfig, run: DaemonRun): Promise<void> {
  const token = await appOnlyToken(config, run.agent);
  const tasks = await adminTasks(config, token);
  for (const line of openTasksReport(tasks)) run.write(line);
}

async function appOnlyToken(config: DaemonConfig, agent: Agent | undefined): Promise<string> {
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      knownAuthorities: config.isMicrosoftAuthority ? [] : [config.authorityHost],
      ...msalCredential(config.credential),
    },
    system: { networkClient: new AgentNetworkClient(agent) },
  });
  let result: AuthenticationResult | null;
  try {
    result = await client.acquireTokenByClientCredential({
      scopes: [defaultScopeUri(config.apiClientId)],
    });
  } catch (error) {
    throw tokenFailure(error, config);
  }
  if (!result) throw new DaemonError('The authority answered without a token.');
  return result.accessToken;
}

function tokenFailure(error: unknown, config: DaemonConfig): Error {
  const cause =
    error instanceof AuthorityUnavailableError ? error : (error as { cause?: unknown }).cause;
  if (cause instanceof AuthorityUnavailableError) {
    return new DaemonError(`Cannot get a token from ${config.authority}: ${cause.message}`);
  }
  if (error instanceof ServerError) {
    const code = /AADSTS(\d+)/.exec(error.errorMessage)?.[1];
    const hints: Record<string, string> = {
      '7000215': 'the secret is wrong or has expired: check DAEMON_CLIENT_SECRET',
      '7000222':
        'the secret has expired: add a new one to the app registration, then DAEMON_CLIENT_SECRET',
      '700027':
        'the certificate is not registered on the app: check DAEMON_CLIENT_CERTIFICATE_PATH',
      '700016': `DAEMON_CLIENT_ID (${config.clientId}) is not an app registration of this tenant`,
      '70011': `the API's .default scope is unknown: check API_CLIENT_ID (${config.apiClientId})`,
      '500011': `the API (${config.apiClientId}) has no service principal in this tenant: check API_CLIENT_ID`,
    };
    const hint = code === undefined ? undefined : hints[code];
    return new DaemonError(
      `The authority refused the daemon (${error.errorCode}${code ? `, AADSTS${code}` : ''}): ` +
        (hint ?? error.errorMessage.split(/\r?\n/)[0] ?? ''),
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

async function adminTasks(config: DaemonConfig, token: string): Promise<OwnedTask[]> {
  const url = `${config.apiUrl}/api/admin/tasks`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new DaemonError(
      `Cannot reach the API at ${config.apiUrl} (${code}): is it running (\`pnpm dev\`)? Check API_URL.`,
    );
  }
  const text = await response.text();
  if (response.ok) return JSON.parse(text) as OwnedTask[];
  let problem: { code?: string; detail?: string } = {};
  try {
    problem = JSON.parse(text) as typeof problem;
  } catch {
    // not a problem document: the status says enough
  }
  const hints: Record<string, string> = {
    missing_app_permission: `the daemon holds no application permission ${AppPermissions.TasksReadAll} on the API: an administrator grants it (API permissions → Application permissions, then admin consent; \`pnpm entra:setup\` does both)`,
    no_permissions: `the daemon's token carries no application permission: grant it ${AppPermissions.TasksReadAll} with admin consent (\`pnpm entra:setup\`)`,
    client_app_not_allowed: `the API does not accept the daemon's client ID: add ${config.clientId} to the API's AUTH_ALLOWED_CLIENT_IDS`,
  };
  const hint = (problem.code && hints[problem.code]) ?? problem.detail ?? text.slice(0, 200);
  throw new DaemonError(
    `The API answered HTTP ${response.status}${problem.code ? ` (${problem.code})` : ''}: ${hint}`,
  );
}

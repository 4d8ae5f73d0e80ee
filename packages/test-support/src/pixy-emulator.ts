// The real Entra emulator with Pixy's tenant (the one `pnpm dev` runs), for tests that need
// real grants: on-behalf-of, client credentials, Microsoft Graph, revocation. On a free
// port, with a throw-away data folder and a test CA made in a temp folder; dev controls on.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigReader, localDefaults, readStackConfig } from '@pixy/config';
import { certPaths, ensureDevCerts } from '@pixy/dev-certs';
import { startEmulator, type EmulatorConfig, type RunningEmulator } from '@pixy/entra-emulator';
import { pixyTenant } from '@pixy/local-idp';

export interface PixyEmulator {
  readonly emulator: RunningEmulator;
  /** Trusts the test CA: the API's authorityAgent. */
  readonly agent: Agent;
  /** The test CA (PEM), and a file holding it: NODE_EXTRA_CA_CERTS of another process. */
  readonly ca: string;
  readonly caFile: string;
  /** AUTH_AUTHORITY and AUTH_TENANT_ID for an API that uses this emulator. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * An access token for the API, as the SPA would get it (default scope Tasks.Read;
   * `clientCapabilities`: what MSAL's would add).
   */
  token(
    username: string,
    options?: { scopes?: string[]; clientCapabilities?: string[] },
  ): Promise<string>;
  close(): Promise<void>;
}

export interface PixyEmulatorOptions {
  /** Changes Pixy's tenant for one test (a daemon without its permission, say). */
  readonly configure?: (config: EmulatorConfig) => EmulatorConfig;
}

export async function startPixyEmulator(options: PixyEmulatorOptions = {}): Promise<PixyEmulator> {
  const configure = options.configure ?? ((config: EmulatorConfig) => config);
  const work = mkdtempSync(join(tmpdir(), 'pixy-test-emulator-'));
  try {
    const paths = certPaths(join(work, 'certs'));
    ensureDevCerts(paths);
    const tls = {
      cert: readFileSync(paths.cert, 'utf8'),
      key: readFileSync(paths.key, 'utf8'),
      ca: readFileSync(paths.ca, 'utf8'),
    };
    const stack = readStackConfig(new ConfigReader({}));
    const emulator = await startEmulator({
      port: 0,
      dataDir: join(work, 'data'),
      tls,
      devControls: true,
      config: configure(
        pixyTenant(stack, {
          apiClientSecret: localDefaults.API_CLIENT_SECRET,
          daemonClientSecret: localDefaults.DAEMON_CLIENT_SECRET,
          stepUpContext: localDefaults.AUTH_STEP_UP_CONTEXT,
        }),
      ),
    });
    const agent = new Agent({ ca: tls.ca, keepAlive: false });
    return {
      emulator,
      agent,
      ca: tls.ca,
      caFile: paths.ca,
      env: { AUTH_AUTHORITY: emulator.authority, AUTH_TENANT_ID: emulator.tenantId },
      async token(username, options = {}) {
        const response = await emulator.devControls.mintAccessToken({
          username,
          scopes: options.scopes ?? ['Tasks.Read'],
          ...(options.clientCapabilities ? { clientCapabilities: options.clientCapabilities } : {}),
        });
        return response.access_token;
      },
      async close() {
        agent.destroy();
        await emulator.close();
        rmSync(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

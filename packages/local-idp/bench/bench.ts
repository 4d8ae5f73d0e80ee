/**
 * `pnpm --filter @pixy/local-idp bench`: the token endpoint's throughput (refresh-token grants
 * from concurrent clients) and the sign-in round trip (authorize page → choose user →
 * redirect with code → token), against an emulator in a child process with a throw-away
 * CA and data folder. On a small machine the client competes with the server for CPU:
 * compare figures from the same machine only.
 */
import { fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Scopes, scopeUri } from '@pixy/auth-contract';
import { ConfigReader, localDefaults, readStackConfig } from '@pixy/config';
import { certPaths, ensureDevCerts } from '@pixy/dev-certs';
import { startEmulator } from '@pixy/entra-emulator';
import { readLocalIdpSettings } from '../src/local-idp-settings.js';

const signIns = 200;
const throughputSeconds = 5;
const concurrency = 8;

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** The child: an emulator on a free port; tells the parent the port. */
async function serve(dir: string): Promise<void> {
  const paths = certPaths(dir);
  const reader = new ConfigReader({});
  const { config } = readLocalIdpSettings(reader, readStackConfig(reader));
  const idp = await startEmulator({
    config,
    dataDir: join(dir, 'data'),
    port: 0,
    tls: { cert: readFileSync(paths.cert, 'utf8'), key: readFileSync(paths.key, 'utf8') },
  });
  process.send?.({ port: idp.port, authority: idp.authority });
  process.on('disconnect', () => void idp.close().then(() => process.exit(0)));
}

async function measure(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pixy-idp-bench-'));
  ensureDevCerts(certPaths(dir));
  const child = fork(fileURLToPath(import.meta.url), ['serve', dir], { stdio: 'inherit' });
  try {
    const { authority } = await new Promise<{ authority: string }>((resolve) =>
      child.once('message', (message) => resolve(message as { authority: string })),
    );
    const agent = new Agent({
      ca: readFileSync(certPaths(dir).ca),
      keepAlive: true,
      maxSockets: 64,
    });
    const http: Http = (method, url, form, cookie) => send(agent, method, url, form, cookie);
    const bench = new SignInBench(authority, http);

    await bench.signIn(); // warm up: keys, JIT, TLS sessions
    const roundTrips: number[] = [];
    for (let i = 0; i < signIns; i++) {
      const started = performance.now();
      await bench.signIn();
      roundTrips.push(performance.now() - started);
    }

    const chains = await Promise.all(Array.from({ length: concurrency }, () => bench.signIn()));
    let completed = 0;
    const latencies: number[] = [];
    const deadline = performance.now() + throughputSeconds * 1000;
    await Promise.all(
      chains.map(async (first) => {
        let refreshToken = first;
        while (performance.now() < deadline) {
          const started = performance.now();
          refreshToken = await bench.refresh(refreshToken);
          latencies.push(performance.now() - started);
          completed++;
        }
      }),
    );
    agent.destroy();

    console.log(`Pixy local-idp benchmark (Node ${process.version}, emulator in a child process)`);
    console.log(
      `  sign-in round trip (authorize page, choose user, code, token), ${signIns} sequential: ` +
        `median ${percentile(roundTrips, 50).toFixed(1)} ms, p95 ${percentile(roundTrips, 95).toFixed(1)} ms`,
    );
    console.log(
      `  token endpoint, refresh_token grant, ${concurrency} concurrent clients for ${throughputSeconds} s: ` +
        `${(completed / throughputSeconds).toFixed(0)} responses/s (each an access and an ID token), median ${percentile(latencies, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(latencies, 95).toFixed(1)} ms`,
    );
  } finally {
    child.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Http = (
  method: string,
  url: string,
  form?: URLSearchParams,
  cookie?: string,
) => Promise<Reply>;

/** The requests MSAL's redirect sign-in makes, and its refresh. */
class SignInBench {
  private readonly scope = `${scopeUri(localDefaults.API_CLIENT_ID, Scopes.TasksRead)} openid profile offline_access`;

  constructor(
    private readonly authority: string,
    private readonly http: Http,
  ) {}

  /** A full sign-in in a fresh browser; returns the refresh token. */
  async signIn(): Promise<string> {
    const verifier = randomBytes(32).toString('base64url');
    const params = new URLSearchParams({
      client_id: localDefaults.SPA_CLIENT_ID,
      redirect_uri: `${localDefaults.SPA_URL}/`,
      response_type: 'code',
      response_mode: 'fragment',
      scope: this.scope,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state: 'bench',
      nonce: 'bench',
    });
    const authorize = `${this.authority}/oauth2/v2.0/authorize`;
    const page = expectStatus(await this.http('GET', `${authorize}?${params.toString()}`), 200);
    // The page's form, as a browser posts it: its nonce, with the cookie it is bound to.
    const cookie = String(page.headers['set-cookie']?.[0] ?? '').split(';')[0];
    params.set('form_nonce', /name="form_nonce" value="([^"]+)"/.exec(page.body)?.[1] ?? '');
    params.set('step', 'sign-in');
    params.set('user', 'alice');
    const chosen = expectStatus(await this.http('POST', authorize, params, cookie), 302);
    const location = new URL(String(chosen.headers.location));
    const code = new URLSearchParams(location.hash.slice(1)).get('code') ?? '';
    const tokens = await this.token({
      client_id: localDefaults.SPA_CLIENT_ID,
      redirect_uri: `${localDefaults.SPA_URL}/`,
      scope: this.scope,
      code,
      code_verifier: verifier,
      grant_type: 'authorization_code',
    });
    return tokens.refresh_token;
  }

  async refresh(refreshToken: string): Promise<string> {
    const tokens = await this.token({
      client_id: localDefaults.SPA_CLIENT_ID,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      scope: this.scope,
    });
    return tokens.refresh_token;
  }

  private async token(form: Record<string, string>): Promise<{ refresh_token: string }> {
    const reply = await this.http(
      'POST',
      `${this.authority}/oauth2/v2.0/token`,
      new URLSearchParams(form),
    );
    return JSON.parse(expectStatus(reply, 200).body) as { refresh_token: string };
  }
}

function send(
  agent: Agent,
  method: string,
  url: string,
  form?: URLSearchParams,
  cookie?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (cookie) headers.cookie = cookie;
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(form?.toString());
  });
}

function expectStatus(reply: Reply, status: number): Reply {
  if (reply.status !== status)
    throw new Error(`Expected ${status}, got ${reply.status}: ${reply.body}`);
  return reply;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const [command, dir] = process.argv.slice(2);
if (command === 'serve' && dir !== undefined) await serve(dir);
else await measure();

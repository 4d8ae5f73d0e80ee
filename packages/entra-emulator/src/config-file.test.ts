// The JSON config file of the command line: the example in the package is valid, paths are
// relative to the file, and a bad file is reported once, with every problem and where it is.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { parseConfigFile, readConfigFile } from './config-file.js';
import { resolveDirectory } from './directory.js';

const example = fileURLToPath(new URL('../examples/contoso.json', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'entra-emulator-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function problemsOf(json: unknown): string[] {
  const file = parseConfigFile(JSON.stringify(json), scratch, 'test.json');
  return [...file.problems, ...resolveDirectory(file.config).problems];
}

describe('the config file', () => {
  it("the package's example is valid, and its server paths are relative to it", () => {
    const file = readConfigFile(example);
    expect([...file.problems, ...resolveDirectory(file.config).problems]).toEqual([]);
    expect(file.server).toMatchObject({
      port: 8443,
      devControls: true,
      dataDir: join(example, '..', '.entra-emulator'),
      tls: { cert: join(example, '..', 'certs', 'localhost.pem') },
    });
  });

  it('lists every problem with where it is', () => {
    const problems = problemsOf({
      tenants: [{ id: 'contoso', displayName: 'Contoso' }],
      users: [
        {
          tenant: 'nowhere',
          oid: 'x',
          displayName: 'X',
          username: 'x@t',
          consent: { 'api://nobody': ['*'] },
        },
      ],
      applications: [
        {
          clientId: 'not-a-guid',
          displayName: 'A',
          spa: { redirectUris: ['not a url'] },
          secrets: ['s'],
        },
        {
          clientId: '11111111-2222-4333-8444-555555555555',
          displayName: 'B',
          signInAudience: 'Everyone',
        },
      ],
      authenticationContexts: [{ id: 'mfa', displayName: 'MFA' }],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/tenants\[0\]\.id must be a GUID/),
        expect.stringMatching(
          /users\[0\]\.tenant names the tenant "nowhere", which is not configured/,
        ),
        expect.stringMatching(/users\[0\]\.oid must be a GUID/),
        expect.stringMatching(
          /users\[0\]\.consent names "api:\/\/nobody", which no application exposes/,
        ),
        expect.stringMatching(/applications\[0\]\.clientId must be a GUID/),
        expect.stringMatching(/"not a url", which is not an http\(s\) URL/),
        expect.stringMatching(/SPA redirect URIs and credentials/),
        expect.stringMatching(/signInAudience must be one of/),
        expect.stringMatching(/authentication context "mfa" must be c1 to c99/),
      ]) as unknown,
    );
  });

  describe('combined consent: api.knownClientApplications and delegatedPermissions', () => {
    const tenant = '7c0a5e11-0000-4000-8000-0000000c0a5e';
    const spa = '5fa00000-0000-4000-8000-0000000005fa';
    const api = 'a9100000-0000-4000-8000-000000000a91';
    const withApi = (more: Record<string, unknown>, knownClients: unknown = [spa]) => ({
      tenants: [{ id: tenant, displayName: 'Contoso' }],
      users: [
        { tenant, oid: 'a11ce000-0000-4000-8000-00000000a11c', displayName: 'A', username: 'a@t' },
      ],
      applications: [
        {
          clientId: spa,
          displayName: 'Orders SPA',
          spa: { redirectUris: ['https://localhost:5173/'] },
        },
        {
          clientId: api,
          displayName: 'Orders API',
          api: { scopes: ['Orders.Read'], knownClientApplications: knownClients },
          secrets: ['s'],
          ...more,
        },
      ],
    });

    it('resolves known clients by client ID and delegated permissions by identifier URI or client ID', () => {
      const file = parseConfigFile(
        JSON.stringify(
          withApi({ delegatedPermissions: { 'https://graph.microsoft.com': ['User.Read'] } }, [
            spa.toUpperCase(),
          ]),
        ),
        scratch,
        'combined.json',
      );
      const { directory, problems } = resolveDirectory(file.config);
      expect([...file.problems, ...problems]).toEqual([]);
      const resolved = directory.app(api);
      expect(resolved?.knownClientApplications).toEqual([spa]);
      expect(resolved?.delegatedPermissions).toEqual(
        new Map([['00000003-0000-0000-c000-000000000000', ['User.Read']]]),
      );
    });

    it('names the app whose known client is not a configured app, or whose delegated permissions are unknown', () => {
      const problems = problemsOf(
        withApi(
          {
            delegatedPermissions: {
              'https://graph.microsoft.com': ['Mail.Read'],
              'api://nobody': ['X.Read'],
            },
          },
          [spa, '0badc11e-0000-4000-8000-000000000000', '00000003-0000-0000-c000-000000000000'],
        ),
      );
      expect(problems).toEqual([
        `Orders API's delegatedPermissions have "Mail.Read", which Microsoft Graph does not expose as a scope (it has: User.Read).`,
        `Orders API's delegatedPermissions name "api://nobody", which no application exposes.`,
        `Orders API's api.knownClientApplications has "0badc11e-0000-4000-8000-000000000000", which is not the client ID of a configured application.`,
        `Orders API's api.knownClientApplications has "00000003-0000-0000-c000-000000000000", which is not the client ID of a configured application.`,
      ]);
    });

    it('says what the fields must be when the JSON has the wrong shape', () => {
      const file = parseConfigFile(
        JSON.stringify(withApi({ delegatedPermissions: ['User.Read'] }, spa)),
        scratch,
        'combined.json',
      );
      expect(file.problems).toEqual([
        'combined.json: applications[1].api.knownClientApplications must be an array of strings.',
        'combined.json: applications[1].delegatedPermissions must be an object of arrays, keyed by resource.',
      ]);
    });
  });

  it('says what a field must be when the JSON has the wrong shape', () => {
    const file = parseConfigFile(
      JSON.stringify({
        tenants: {},
        users: [{ displayName: 3 }],
        applications: [],
        server: { port: 'x' },
      }),
      scratch,
      'shape.json',
    );
    expect(file.problems).toEqual(
      expect.arrayContaining([
        'shape.json: "tenants" must be an array.',
        'shape.json: users[0].displayName must be a non-empty string.',
        'shape.json: server.port must be a whole number.',
      ]),
    );
  });

  it('reads certificates written out or from files next to it', () => {
    const file = parseConfigFile(
      JSON.stringify({
        tenants: [],
        users: [],
        applications: [{ clientId: 'x', displayName: 'x', certificates: ['daemon.pem'] }],
      }),
      scratch,
      'certs.json',
    );
    expect(file.problems).toEqual([
      expect.stringMatching(/certificates\[0\]: cannot read daemon\.pem/),
    ]);
  });
});

describe('the entra-emulator command', () => {
  // The built command (the test task builds the package first).
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  const run = promisify(execFile);

  it('check: accepts the example, and refuses a bad file with its problems and exit code 1', async () => {
    await expect(run(process.execPath, [cli, 'check', '--config', example])).resolves.toMatchObject(
      {
        stdout: expect.stringMatching(/contoso\.json: valid\./) as unknown,
      },
    );
    const bad = join(scratch, 'bad.json');
    writeFileSync(bad, JSON.stringify({ tenants: [], users: [], applications: [] }));
    await expect(run(process.execPath, [cli, 'check', '--config', bad])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/there is no tenant[^]*there is no user/) as unknown,
    });
  });

  it('start: serves the tenants of a config file until stopped', async () => {
    const certs = inject('emulatorTestCerts');
    const config = join(scratch, 'start.json');
    const { server: _server, ...tenancy } = JSON.parse(readFileSync(example, 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(
      config,
      JSON.stringify({
        ...tenancy,
        server: { tls: { cert: certs.cert, key: certs.key, ca: certs.ca } },
      }),
    );
    const child = spawn(process.execPath, [
      cli,
      'start',
      '--config',
      config,
      '--port',
      '0',
      '--data-dir',
      join(scratch, 'keys'),
    ]);
    onTestFinished(() => void child.kill());
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const started = /at (https:\/\/localhost:\d+)/.exec(output);
        if (started?.[1]) resolve(started[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    const discovery = await fetch(
      `${url}/7c0a5e11-0000-4000-8000-0000000c0a5e/v2.0/.well-known/openid-configuration`,
    );
    expect(await discovery.json()).toMatchObject({
      issuer: `${url}/7c0a5e11-0000-4000-8000-0000000c0a5e/v2.0`,
    });

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('--help prints the usage', async () => {
    const { stdout } = await run(process.execPath, [cli, '--help']);
    expect(stdout).toMatch(/^Usage:\n {2}entra-emulator start --config/);
  });
});

// @vitest-environment node
// The two ways the built SPA is served in production agree with hosting/serving-rules.ts:
// Azure Static Web Apps' staticwebapp.config.json (evaluated here as Static Web Apps
// documents its rules) and the web image's nginx configuration (its headers and locations
// read here; e2e/artifacts runs it for real). And the image's shell computes the same
// runtime configuration as the Node apps.
import { readFileSync } from 'node:fs';
import {
  ConfigReader,
  readWebConfig,
  renderWebConfigScript,
  staticServerValues,
} from '@pixy/config';
import { describe, expect, it } from 'vitest';
import {
  readNginxTemplate,
  renderTemplate,
  runRuntimeConfigEnvsh,
  staticWebAppsConfigPath,
} from './server-config.ts';
import {
  expectedCacheControl,
  securityHeaders,
  servingCases,
  type Served,
  type SpaOrigins,
} from './serving-rules.ts';

const entra = {
  AUTH_AUTHORITY: 'https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555',
  SPA_CLIENT_ID: '21111111-2222-4333-8444-555555555555',
  API_CLIENT_ID: '31111111-2222-4333-8444-555555555555',
  API_URL: 'https://pixy-api.example.azurecontainerapps.io',
};
const origins: SpaOrigins = {
  api: 'https://pixy-api.example.azurecontainerapps.io',
  authority: 'https://login.microsoftonline.com',
};

function webConfigOf(env: Record<string, string>) {
  const reader = new ConfigReader(env);
  const config = readWebConfig(reader);
  reader.finish();
  return config;
}

// --- Azure Static Web Apps, as its configuration reference describes the rules --------

interface SwaConfig {
  navigationFallback: { rewrite: string; exclude: string[] };
  routes: { route: string; headers?: Record<string, string>; rewrite?: string }[];
  globalHeaders: Record<string, string>;
}

/** A Static Web Apps route or exclude pattern: exact, or a `*` wildcard at the end. */
function swaMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

/** What Static Web Apps answers for `path`, given the deployed files. */
function swaServe(config: SwaConfig, path: string, files: Set<string>) {
  const route = config.routes.find((rule) => swaMatches(rule.route, path));
  const file = route?.rewrite ?? (path === '/' ? '/index.html' : path);
  let served: string | undefined = files.has(file) ? file : undefined;
  const excluded = config.navigationFallback.exclude.some((pattern) => swaMatches(pattern, path));
  if (served === undefined && !excluded) served = config.navigationFallback.rewrite;
  return {
    served,
    // Route headers override global headers of the same name; the rest are merged.
    headers: { ...config.globalHeaders, ...route?.headers },
  };
}

const asset = 'main-AbCd1234.js';
const servedFiles: Record<Served, string | undefined> = {
  'index.html': '/index.html',
  'redirect.html': '/redirect.html',
  'config.js': '/config.js',
  'the asset': `/assets/${asset}`,
  'not found': undefined,
};

describe('staticwebapp.config.json (Azure Static Web Apps)', () => {
  const template = readFileSync(staticWebAppsConfigPath, 'utf8');
  // As `pnpm --filter @pixy/web runtime-config --static-web-apps` writes it.
  const values = staticServerValues(webConfigOf(entra));
  const config = JSON.parse(renderTemplate(template, values)) as SwaConfig;
  // The deployed folder: the build, and the config.js written beside it.
  const files = new Set(['/index.html', '/redirect.html', '/config.js', `/assets/${asset}`]);

  it('has no ${PIXY_…} placeholder other than those runtime-config fills in', () => {
    const placeholders = new Set(template.match(/\$\{\w+\}/g));
    expect([...placeholders].sort()).toEqual(['${PIXY_API_ORIGIN}', '${PIXY_AUTHORITY_ORIGIN}']);
  });

  for (const { path, served, why } of servingCases) {
    it(`serves ${path} as the rules say: ${why}`, () => {
      const answer = swaServe(config, path.replace('{asset}', asset), files);
      expect(answer.served).toBe(servedFiles[served]);
      expect(answer.headers).toMatchObject(securityHeaders(origins));
      if (served !== 'not found') {
        expect(answer.headers['Cache-Control']).toBe(expectedCacheControl(served));
      }
    });
  }
});

// --- The web image's nginx configuration --------------------------------------------------

describe("the web image's nginx configuration", () => {
  const image = runRuntimeConfigEnvsh(entra);
  const conf = renderTemplate(readNginxTemplate(), image.values ?? {});
  const server = conf.slice(conf.indexOf('server {'));

  it('sends the security headers of the rules on every answer', () => {
    const headers = [...server.matchAll(/^ {4}add_header ([\w-]+) "(.*)" always;$/gm)].map(
      ([, name, value]) => [name, value],
    );
    expect(Object.fromEntries(headers)).toEqual(securityHeaders(origins));
  });

  it('caches hashed assets for a year and revalidates everything else', () => {
    expect(server).toMatch(/^ {4}add_header Cache-Control \$pixy_cache_control;$/m);
    const map = /map \$uri \$pixy_cache_control \{([^}]*)\}/.exec(conf)?.[1] ?? '';
    expect(map).toContain(`~^/assets/  "${expectedCacheControl('the asset')}";`);
    expect(map).toContain(`default     "${expectedCacheControl('index.html')}";`);
  });

  it('answers a missing asset with 404, and any other unknown path with the app', () => {
    expect(server).toMatch(/location \/assets\/ \{\s+try_files \$uri =404;\s+\}/);
    expect(server).toMatch(/location \/ \{\s+try_files \$uri \/index\.html;\s+\}/);
  });

  it("serves /config.js as the dev server does, from the container's environment", () => {
    const body = /location = \/config\.js \{[\s\S]*?return 200 '(.*)';/.exec(server)?.[1];
    expect(body?.replace(/\\n$/, '\n')).toBe(renderWebConfigScript(webConfigOf(entra)));
  });
});

describe("the image's runtime configuration (30-pixy-runtime-config.envsh)", () => {
  const environments = {
    'Entra ID': entra,
    'the local emulator': {
      AUTH_AUTHORITY: 'https://localhost:8443/9f1c2b3a-7d4e-4c5b-8a69-0e1f2a3b4c5d/',
      SPA_CLIENT_ID: '4A6B8C0D-2E4F-4A61-8B7C-9D0E1F2A3B4C',
      API_CLIENT_ID: '6c8d0e2f-4a6b-4c8d-9e0f-1a2b3c4d5e6f',
      API_URL: 'http://LOCALHOST:80/pixy/api/',
    },
  };
  for (const [name, env] of Object.entries(environments)) {
    it(`computes what the Node apps compute, for ${name}`, () => {
      expect(runRuntimeConfigEnvsh(env).values).toEqual({
        ...staticServerValues(webConfigOf(env)),
        PIXY_PORT: '8080',
      });
    });
  }

  it('listens on PORT when it is set', () => {
    expect(runRuntimeConfigEnvsh({ ...entra, PORT: '9090' }).values?.PIXY_PORT).toBe('9090');
  });

  it('stops the container naming every variable that is missing or malformed', () => {
    const { errors } = runRuntimeConfigEnvsh({
      AUTH_AUTHORITY: 'http://login.microsoftonline.com/x',
      SPA_CLIENT_ID: 'my-spa',
      API_URL: 'https://api.example/"',
    });
    expect(errors).toContain('AUTH_AUTHORITY must look like https://');
    expect(errors).toContain('SPA_CLIENT_ID must look like');
    expect(errors).toContain('API_CLIENT_ID is not set');
    expect(errors).toContain('API_URL must look like');
    expect(errors).toContain('docs/deploy.md');
  });
});

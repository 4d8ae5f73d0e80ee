// The HTTPS agent a Node app talks to the authority with (the API's key fetches and
// on-behalf-of, the daemon's client credentials). Real authorities use public CAs (Node's
// defaults). A loopback authority (the local emulator) is also trusted through the dev CA
// in .certs/ca.pem, explicitly: NODE_EXTRA_CA_CERTS would have to be set before the
// process starts, and some machines already set it to something else.
import { existsSync, readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { locateRepoRoot } from '@pixy/config';
import { certPaths } from '@pixy/dev-certs';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `caFile`: the dev CA for a loopback authority. Default: the repository's `.certs/ca.pem`
 * (none when the API runs outside the repository, deployed).
 */
export function authorityAgent(authority: string, caFile?: string): Agent {
  const extra: string[] = [];
  const fromEnv = process.env.NODE_EXTRA_CA_CERTS;
  if (fromEnv && existsSync(fromEnv)) extra.push(readFileSync(fromEnv, 'utf8'));
  if (loopbackHosts.has(new URL(authority).hostname)) {
    const root = locateRepoRoot();
    const devCa = caFile ?? (root === undefined ? undefined : certPaths(root).ca);
    if (devCa !== undefined && existsSync(devCa)) extra.push(readFileSync(devCa, 'utf8'));
  }
  return new Agent({
    keepAlive: true,
    ...(extra.length > 0 ? { ca: [...rootCertificates, ...extra] } : {}),
  });
}

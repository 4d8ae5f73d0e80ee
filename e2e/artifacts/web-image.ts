/**
 * The web image's nginx, run by the nginx installed here: the image's runtime
 * configuration (30-pixy-runtime-config.envsh, sourced by sh as its entrypoint sources it),
 * its template rendered as the entrypoint renders it, inside a main configuration like the
 * image's (`include mime.types`, the server in the `http` block). Only the places differ:
 * the build is served from a copy in a temp folder instead of /usr/share/nginx/html.
 */
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  imageStaticRoot,
  readNginxTemplate,
  renderTemplate,
  runRuntimeConfigEnvsh,
} from '@pixy/web/hosting/server-config.ts';

export interface NginxSetup {
  readonly prefix: string;
  readonly confPath: string;
}

export function prepareWebImage(options: {
  folder: string;
  dist: string;
  mimeTypes: string;
  /** The container's environment: AUTH_AUTHORITY, SPA_CLIENT_ID, API_CLIENT_ID, API_URL, PORT. */
  env: Readonly<Record<string, string>>;
}): NginxSetup {
  const { folder } = options;
  const html = join(folder, 'html');
  mkdirSync(join(folder, 'temp'), { recursive: true });
  cpSync(options.dist, html, { recursive: true });
  // Started as root, nginx's workers run as an unprivileged user: let them read the build.
  for (const path of [folder, join(folder, 'temp'), html, join(html, 'assets')]) {
    chmodSync(path, 0o755);
  }

  const image = runRuntimeConfigEnvsh(options.env);
  if (image.errors !== undefined) {
    throw new Error(`The web image would not start:\n${image.errors}`);
  }
  const server = renderTemplate(readNginxTemplate(), image.values);
  const rooted = server.replace(`root ${imageStaticRoot};`, `root ${html};`);
  if (rooted === server) throw new Error(`The nginx template has no "root ${imageStaticRoot};"`);
  writeFileSync(join(folder, 'default.conf'), rooted);

  const temp = join(folder, 'temp');
  const confPath = join(folder, 'nginx.conf');
  writeFileSync(
    confPath,
    [
      `pid ${join(folder, 'nginx.pid')};`,
      'worker_processes 1;',
      'error_log stderr notice;',
      'events { worker_connections 256; }',
      'http {',
      `  include ${options.mimeTypes};`,
      '  default_type application/octet-stream;',
      '  access_log off;',
      '  sendfile on;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (name) => `  ${name}_temp_path ${temp};`,
      ),
      `  include ${join(folder, 'default.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  return { prefix: folder, confPath };
}

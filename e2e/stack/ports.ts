/**
 * The fixed ports the suite's stack uses, and a check that each is free before anything
 * starts: the suite never reuses a running stack (a developer's `pnpm dev` would mix
 * their data and keys into the tests), so a taken port stops the run with its name.
 */
import { connect } from 'node:net';

export const stackPorts = { idp: 8443, api: 3000, web: 5173 } as const;
export type AppName = keyof typeof stackPorts;

export const appTitles: Record<AppName, string> = {
  idp: 'the Entra ID emulator (packages/local-idp)',
  api: 'the API (apps/api)',
  web: 'the SPA (apps/web, vite preview)',
};

/** Thrown when a port the suite needs is already taken. */
export class PortTakenError extends Error {
  override readonly name = 'PortTakenError';
}

/** Whether something accepts connections on `port` at `host`. */
export function isListening(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Fails, naming every taken port and what the suite wanted it for. `ports` defaults to the
 * suite's fixed ones (tests of this check pass free ports of their own).
 */
export async function assertPortsFree(
  apps: readonly AppName[],
  ports: Record<AppName, number> = stackPorts,
): Promise<void> {
  const taken: string[] = [];
  const takenPorts: number[] = [];
  for (const app of apps) {
    const port = ports[app];
    // localhost may be either address family; a server on either one blocks the app.
    const [v4, v6] = await Promise.all([isListening(port, '127.0.0.1'), isListening(port, '::1')]);
    if (v4 || v6) {
      taken.push(`port ${port} (for ${appTitles[app]})`);
      takenPorts.push(port);
    }
  }
  if (taken.length > 0) {
    throw new PortTakenError(
      `The e2e suite starts its own stack, but ${taken.join(' and ')} ${taken.length > 1 ? 'are' : 'is'} already in use. ` +
        'Stop whatever listens there (a running `pnpm dev`?) and run the suite again; ' +
        `\`lsof -i :${takenPorts[0]}\` shows the process on Linux and macOS.`,
    );
  }
}

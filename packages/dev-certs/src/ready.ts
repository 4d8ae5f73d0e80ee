/**
 * Is a local app ready? One answer for `pnpm dev`'s banner, the e2e suite, the tests that
 * start a built server and the API's benchmark: its URL answers 2xx within a second, over
 * HTTPS trusting the local CA. A redirect is not ready (a half-started SPA or a login page
 * may redirect), nor is a refused connection or an error status.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface ReadyProbe {
  /** The CA that signed an https URL's certificate (the local dev CA). */
  readonly ca?: string | undefined;
}

/** Whether `url` answers with a 2xx status within a second. */
export function isReady(url: string, probe: ReadyProbe = {}): Promise<boolean> {
  return new Promise((resolve) => {
    const request = (url.startsWith('https:') ? httpsRequest : httpRequest)(
      url,
      { ...(probe.ca === undefined ? {} : { ca: probe.ca }), timeout: 1000 },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        resolve(status >= 200 && status < 300);
      },
    );
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(false));
    request.end();
  });
}

export interface WaitUntilReady extends ReadyProbe {
  readonly timeoutMs: number;
  /** Asked between attempts: true once the app can no longer answer (its process exited). */
  readonly gaveUp?: () => boolean;
}

/** How the wait ended: ready after `ms`, or not, and why. */
export type ReadyOutcome =
  | { readonly ready: true; readonly ms: number }
  | { readonly ready: false; readonly reason: 'timeout' | 'gave up' };

/** Asks `url` every 100 ms until it is ready, the time is up, or the caller gives up. */
export async function waitUntilReady(url: string, wait: WaitUntilReady): Promise<ReadyOutcome> {
  const started = Date.now();
  for (;;) {
    if (wait.gaveUp?.()) return { ready: false, reason: 'gave up' };
    if (await isReady(url, wait)) return { ready: true, ms: Date.now() - started };
    if (Date.now() - started >= wait.timeoutMs) return { ready: false, reason: 'timeout' };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

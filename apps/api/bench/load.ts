// One load run with autocannon: a fixed set of headers, or a different token on every
// request. Every answer must be a 200 — a benchmark of fast 401s would measure nothing.
import autocannon from 'autocannon';

export interface LoadResult {
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

export interface LoadOptions {
  label: string;
  url: string;
  path: string;
  durationSeconds: number;
  connections: number;
  /** Called for every request: its result is sent as `Authorization: Bearer <token>`. */
  token?: () => string;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const token = options.token;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    requests: [
      {
        method: 'GET',
        path: options.path,
        ...(token
          ? {
              setupRequest: (request) => ({
                ...request,
                headers: { authorization: `Bearer ${token()}` },
              }),
            }
          : {}),
      },
    ],
  });
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0) {
    throw new Error(
      `${options.label}: ${failures} of ${result.requests.total} requests failed ` +
        `(non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}); ` +
        'the figures would be meaningless.',
    );
  }
  return {
    label: options.label,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
  };
}

// Child processes for the benchmark: the servers under test run in their own processes,
// pinned to other cores than the load generator when `taskset` is available (Linux), so the
// two do not compete for one core.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createServer } from 'node:net';
import { waitUntilReady } from '@pixy/dev-certs';

export interface CorePlan {
  /** `taskset -c` lists, or undefined when pinning is not possible here. */
  loadGenerator?: string;
  server?: string;
  description: string;
}

/**
 * Core 0 for the load generator, the others for the server (when there are at least 2).
 * Decided once, before this process pins itself (after which it sees a single core), and
 * handed to the pinned process in PIXY_BENCH_CORES.
 */
export function planCores(): CorePlan {
  const inherited = process.env.PIXY_BENCH_CORES;
  if (inherited) return JSON.parse(inherited) as CorePlan;
  const cores = availableParallelism();
  if (process.platform !== 'linux' || cores < 2 || !hasTaskset()) {
    return {
      description: `not pinned (${cores} core(s), taskset ${hasTaskset() ? 'found' : 'not found'}): load generator and server share the CPUs`,
    };
  }
  const server = cores === 2 ? '1' : `1-${cores - 1}`;
  return {
    loadGenerator: '0',
    server,
    description: `load generator on core 0, servers on core(s) ${server} (taskset)`,
  };
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface Server {
  name: string;
  url: string;
  process: ChildProcess;
  /** Resident set size in MB, as the OS reports it. */
  rssMb(): number;
  /** CPU time the process has used (user + system, all threads), or undefined without /proc. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

/** Starts `node <args>` (pinned to `cores` when given) and waits until GET <url>/health answers 200. */
export async function startServer(options: {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  cores?: string | undefined;
}): Promise<Server> {
  const command = options.cores ? 'taskset' : process.execPath;
  const args = options.cores
    ? ['-c', options.cores, process.execPath, ...options.args]
    : options.args;
  const child = spawn(command, args, {
    env: options.env,
    // Request logs are discarded (a terminal would slow the server down); errors are shown.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${options.port}`;
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`${options.name} exited (code ${code}) before it was ready:\n${stderr}`)),
    );
  });
  const outcome = await Promise.race([
    waitUntilReady(`${url}/health`, { timeoutMs: 30_000, gaveUp: () => child.exitCode !== null }),
    exited,
  ]);
  if (!outcome.ready) throw new Error(`${url}/health did not answer 200 within 30 s:\n${stderr}`);
  return {
    name: options.name,
    url,
    process: child,
    rssMb: () => rssMb(child.pid!),
    cpuSeconds: () => cpuSeconds(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

/** RSS of a process in MB, from `ps` (Linux and macOS). */
function rssMb(pid: number): number {
  const kb = Number(
    execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
      .toString()
      .trim(),
  );
  return Math.round(kb / 1024);
}

// Clock ticks per second for /proc/<pid>/stat; 100 on every mainstream Linux.
const clockTicks = 100;

/**
 * CPU seconds a process has used, from /proc/<pid>/stat (Linux). The child is `taskset`,
 * which execs node in place, so the pid is the server's.
 */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) — utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return undefined;
  }
}

/** A port that was free a moment ago (for servers configured by a PORT variable). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

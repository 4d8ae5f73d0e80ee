/**
 * Validating configuration once, at start-up. A reader collects every problem, so a
 * misconfigured app fails with one message that lists all of them and says what to fix.
 */

/** Thrown when configuration is invalid; `problems` holds one sentence per variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `Invalid configuration (set these in the environment or in the repository's .env; see .env.example):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.problems = problems;
  }
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a GUID like the IDs Entra gives tenants and app registrations. */
export function isGuid(value: string): boolean {
  return guidPattern.test(value);
}

export interface UrlOptions {
  /** Allowed schemes, e.g. `['https:']`. */
  readonly protocols: readonly ('http:' | 'https:' | 'postgres:' | 'postgresql:')[];
  /** Whether only an origin (no path, query or fragment) is allowed. */
  readonly originOnly?: boolean;
}

/** Variables by name: `process.env`, or any record (the SPA's runtime configuration). */
export type Env = Readonly<Record<string, string | undefined>>;

/** Reads variables from an environment, collecting problems instead of throwing at the first. */
export class ConfigReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env = process.env) {}

  /** The variable's value, trimmed; undefined when unset or empty. */
  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  /** Records a problem with a variable. */
  problem(message: string): void {
    this.problems.push(message);
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  guid(name: string, fallback: string): string {
    const value = this.string(name, fallback);
    if (!isGuid(value)) {
      this.problem(
        `${name} must be a GUID such as 00000000-0000-0000-0000-000000000000 (got "${value}"). ` +
          `Copy it from the app registration's Overview page in the Entra admin center.`,
      );
    }
    return value.toLowerCase();
  }

  /** A URL, returned without a trailing slash. */
  url(name: string, fallback: string, options: UrlOptions): string {
    const value = this.string(name, fallback);
    const schemes = options.protocols.map((p) => p.replace(':', '')).join(' or ');
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.problem(`${name} must be an absolute ${schemes} URL (got "${value}").`);
      return value;
    }
    if (!(options.protocols as readonly string[]).includes(url.protocol)) {
      this.problem(`${name} must be an ${schemes} URL (got "${value}").`);
    } else if (options.originOnly && value.replace(/\/$/, '') !== url.origin) {
      this.problem(`${name} must be an origin only, such as ${url.origin} (got "${value}").`);
    }
    return value.replace(/\/+$/, '');
  }

  port(name: string, fallback: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const port = Number(value);
    if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
      this.problem(`${name} must be a port number from 1 to 65535 (got "${value}").`);
      return fallback;
    }
    return port;
  }

  /** `true` or `false` (any case); anything else is a problem. */
  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (value === 'true') return true;
    if (value === 'false') return false;
    this.problem(`${name} must be true or false (got "${this.raw(name)}").`);
    return fallback;
  }

  /** A comma-separated list, trimmed, without empty members. */
  list(name: string, fallback: readonly string[]): string[] {
    const value = this.raw(name);
    if (value === undefined) return [...fallback];
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  /** Throws a ConfigError naming every problem seen so far. */
  finish(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

/** What global setup hands the `pnpm dev` test (through the environment). */
export const devStackVariable = 'PIXY_DEV_STACK';

export interface DevStack {
  /** Everything `pnpm dev` printed. */
  readonly logFile: string;
  /** Where in the log the "Pixy is running" banner starts. */
  readonly bannerOffset: number;
}

export function devStack(): DevStack {
  const value = process.env[devStackVariable];
  if (!value) {
    throw new Error(
      `${devStackVariable} is not set: run this test with \`pnpm --filter @pixy/e2e test:dev\`.`,
    );
  }
  return JSON.parse(value) as DevStack;
}

/** The lines an app of `pnpm dev` prints each time it starts, and a watcher's restart. */
export const startLines = {
  emulator: 'Pixy local Entra ID emulator (development only) at',
  api: 'Pixy API on ',
  restart: /Restarting '|server restarted|page reload/i,
} as const;

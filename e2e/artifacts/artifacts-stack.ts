/** What global setup hands the production-artifact tests (through the environment). */
export const artifactsVariable = 'PIXY_ARTIFACTS_STACK';

export interface ArtifactsStack {
  readonly urls: { readonly authority: string; readonly api: string; readonly web: string };
  /** The API image's HEALTHCHECK, and the environment it would run in. */
  readonly healthcheck: {
    readonly command: readonly [string, ...string[]];
    readonly env: Readonly<Record<string, string>>;
  };
  /** The web image's environment (what an operator sets for it). */
  readonly webEnv: Readonly<Record<string, string>>;
  /** The build the web image serves. */
  readonly dist: string;
  /** The deployed API's folder (outside the repository). */
  readonly apiFolder: string;
}

export function artifactsStack(): ArtifactsStack {
  const value = process.env[artifactsVariable];
  if (!value) {
    throw new Error(
      `${artifactsVariable} is not set: run these tests with \`pnpm --filter @pixy/e2e test:artifacts\`.`,
    );
  }
  return JSON.parse(value) as ArtifactsStack;
}

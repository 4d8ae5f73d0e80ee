export {
  certPaths,
  readLocalhostTls,
  MissingDevCertsError,
  type CertPaths,
  type LocalhostTls,
} from './paths.js';
export { ensureDevCerts, localhostNames, type GenerateResult } from './generate.js';
export {
  trustCa,
  trustCommand,
  trustSteps,
  caNickname,
  type RunProgram,
  type TrustResult,
  type TrustStep,
} from './trust.js';
export {
  isReady,
  waitUntilReady,
  type ReadyOutcome,
  type ReadyProbe,
  type WaitUntilReady,
} from './ready.js';

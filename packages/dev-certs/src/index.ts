export {
  certPaths,
  readLocalhostTls,
  MissingDevCertsError,
  type CertPaths,
  type LocalhostTls,
} from './paths.js';
export { ensureDevCerts, localhostNames, type GenerateResult } from './generate.js';
export { trustSteps, caNickname, type TrustStep } from './trust.js';

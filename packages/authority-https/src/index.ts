/**
 * @pixy/authority-https: HTTPS from Node to the identity provider and the APIs it protects.
 * Importing it has no side effects.
 */
export { authorityAgent } from './authority-agent.js';
export {
  AuthorityUnavailableError,
  fetchJson,
  requestHttps,
  type HttpsOptions,
  type HttpsRequest,
  type HttpsResponse,
} from './https-request.js';
export { AgentNetworkClient } from './msal-network-client.js';
export {
  msalCredential,
  readClientCertificate,
  type ClientCredential,
} from './client-credential.js';

/** @pixy/test-support: test-only helpers several packages share. */
export { startPixyEmulator, type PixyEmulator, type PixyEmulatorOptions } from './pixy-emulator.js';
export {
  freePort,
  startNodeServer,
  type NodeServer,
  type NodeServerOptions,
} from './node-server.js';
/** The emulator's test users and partner tenant, declared once in Pixy's tenant. */
export { fabrikamTenantId, testUsers, testUserOids, type TestUser } from '@pixy/local-idp';

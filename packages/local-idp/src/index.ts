/**
 * @pixy/local-idp: Pixy's local identity provider, @pixy/entra-emulator run with Pixy's
 * tenant and app registrations. Importing it has no side effects.
 */
export { pixyTenant, fabrikamTenantId, type PixyTenantSecrets } from './pixy-tenant.js';
export {
  testUsers,
  testUserOids,
  type TestUser,
  type TestUserHome,
  type TestUserKey,
} from './test-users.js';
export { readLocalIdpSettings, type LocalIdpSettings } from './local-idp-settings.js';

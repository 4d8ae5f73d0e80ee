/** The emulator's test users, declared once in Pixy's tenant (packages/local-idp). */
export { testUsers, type TestUser } from '@pixy/local-idp';

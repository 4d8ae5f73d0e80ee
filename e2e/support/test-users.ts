/** The emulator's test users (Pixy's tenant, packages/local-idp; the names are a cross-team contract). */
export interface TestUser {
  readonly displayName: string;
  readonly username: string;
}

export const testUsers = {
  alice: { displayName: 'Alice Adams', username: 'alice@pixy.test' },
  bob: { displayName: 'Bob Baker', username: 'bob@pixy.test' },
  ada: { displayName: 'Ada Admin', username: 'ada@pixy.test' },
  riley: { displayName: 'Riley Reader', username: 'riley@pixy.test' },
} as const satisfies Record<string, TestUser>;

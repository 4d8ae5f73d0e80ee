/**
 * Pixy's test users, declared once: the emulator's directory (pixy-tenant.ts) is built from
 * them, and the API's tests and the e2e suite import them, so an object ID or a name never
 * differs between what signs in and what a test expects.
 */

/** Where a test user's account lives. */
export type TestUserHome = 'pixy' | 'fabrikam' | 'personal';

export interface TestUser {
  /** The key the emulator's dev controls and `token` command take. */
  readonly key: string;
  /** The object ID (`oid`) in the user's home tenant. */
  readonly oid: string;
  readonly displayName: string;
  readonly username: string;
  readonly jobTitle?: string;
  readonly officeLocation?: string;
  readonly home: TestUserHome;
}

const pixyOffice = 'Pixy HQ, Room 1';
const fabrikamOffice = 'Fabrikam, Building 2';

export const testUsers = {
  /** Every scope; her own tasks. */
  alice: {
    key: 'alice',
    oid: 'a11ce000-0000-4000-8000-00000000a11c',
    displayName: 'Alice Adams',
    username: 'alice@pixy.test',
    jobTitle: 'Engineer',
    officeLocation: pixyOffice,
    home: 'pixy',
  },
  /** Like Alice; never sees her tasks. */
  bob: {
    key: 'bob',
    oid: 'b0b00000-0000-4000-8000-000000000b0b',
    displayName: 'Bob Baker',
    username: 'bob@pixy.test',
    jobTitle: 'Designer',
    officeLocation: pixyOffice,
    home: 'pixy',
  },
  /** The app role Tasks.Admin. */
  ada: {
    key: 'ada',
    oid: 'ada00000-0000-4000-8000-000000000ada',
    displayName: 'Ada Admin',
    username: 'ada@pixy.test',
    jobTitle: 'Administrator',
    officeLocation: pixyOffice,
    home: 'pixy',
  },
  /** Tasks.Read only, no Graph, and may consent to nothing more. */
  riley: {
    key: 'riley',
    oid: 'e11e7000-0000-4000-8000-0000000e11e7',
    displayName: 'Riley Reader',
    username: 'riley@pixy.test',
    jobTitle: 'Auditor',
    officeLocation: pixyOffice,
    home: 'pixy',
  },
  /** A partner organization's user (multi-tenant). */
  fiona: {
    key: 'fiona',
    oid: 'f1047000-0000-4000-8000-0000000f1047',
    displayName: 'Fiona Fabrikam',
    username: 'fiona@fabrikam.test',
    jobTitle: 'Partner manager',
    officeLocation: fabrikamOffice,
    home: 'fabrikam',
  },
  /** At home in Fabrikam, and a guest in Pixy's tenant (another object ID there). */
  gus: {
    key: 'gus',
    oid: '90500000-0000-4000-8000-000000000905',
    displayName: 'Gus Guest',
    username: 'gus@fabrikam.test',
    jobTitle: 'Consultant',
    officeLocation: fabrikamOffice,
    home: 'fabrikam',
  },
  /** A personal Microsoft account. */
  max: {
    key: 'max',
    oid: '00000000-0000-0000-4d61-78204d617820',
    displayName: 'Max Personal',
    username: 'max@outlook.test',
    home: 'personal',
  },
} as const satisfies Record<string, TestUser>;

export type TestUserKey = keyof typeof testUsers;

/** Gus's object ID as a guest in Pixy's tenant. */
export const gusAsGuestInPixyOid = '90500000-0000-4000-8000-0000000e9e57';

/** The fixed object IDs of the test users (Gus has two: at home in Fabrikam, and as a guest in Pixy). */
export const testUserOids = {
  ...(Object.fromEntries(Object.entries(testUsers).map(([key, user]) => [key, user.oid])) as {
    readonly [K in TestUserKey]: (typeof testUsers)[K]['oid'];
  }),
  gusAsGuestInPixy: gusAsGuestInPixyOid,
};

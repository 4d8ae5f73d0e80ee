export * from './permissions.js';
export * from './claim-readers.js';
export type * from './claims.js';
export * from './claim-descriptions.js';

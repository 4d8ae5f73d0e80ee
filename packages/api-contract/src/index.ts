export type * from './me.js';
export * from './tasks.js';
export * from './problem-details.js';

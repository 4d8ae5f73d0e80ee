// Test setup: the runtime configuration /config.js would set (the local stack's defaults;
// on globalThis, which is the window in jsdom tests), jest-dom's matchers
// (toBeInTheDocument…), and a clean DOM and storage after every test.
import '@testing-library/jest-dom/vitest';
import { ConfigReader, readWebConfig, webConfigGlobal, webRuntimeConfig } from '@pixy/config/stack';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

Object.assign(globalThis, {
  [webConfigGlobal]: webRuntimeConfig(readWebConfig(new ConfigReader({}))),
});

afterEach(() => {
  cleanup();
  globalThis.sessionStorage?.clear();
});

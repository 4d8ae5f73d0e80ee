// Test setup: jest-dom's matchers (toBeInTheDocument…) and a clean DOM and storage
// after every test.
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  globalThis.sessionStorage?.clear();
});

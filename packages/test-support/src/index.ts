/** @pixy/test-support: test-only helpers several packages share. */
export { startPixyEmulator, type PixyEmulator, type PixyEmulatorOptions } from './pixy-emulator.js';

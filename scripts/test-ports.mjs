#!/usr/bin/env node
/**
 * The first step of `pnpm test`: the end-to-end tests start their own stack on the fixed
 * ports 8443 (emulator), 3000 (API) and 5173 (SPA), and `pnpm dev` holds the same ones. Say
 * so at once, instead of after the minutes the other tests take.
 */
import { listening } from './lib/listening.mjs';

const ports = [
  [8443, 'the emulator'],
  [3000, 'the API'],
  [5173, 'the SPA'],
];

const taken = [];
for (const [port, name] of ports) if (await listening(port)) taken.push(`${port} (${name})`);
if (taken.length > 0) {
  console.error(
    `[pixy] pnpm test starts its own stack on ports 8443, 3000 and 5173, but ${taken.join(', ')} ` +
      `${taken.length > 1 ? 'are' : 'is'} in use: is \`pnpm dev\` running? Stop it (Ctrl-C) and run ` +
      '`pnpm test` again.',
  );
  process.exit(1);
}

#!/usr/bin/env node
// A committed shim, so pnpm can link the bin before dist/ is built.
import '../dist/cli.js';

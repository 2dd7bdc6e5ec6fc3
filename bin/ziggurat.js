#!/usr/bin/env node
// The ziggurat command: everything lives in the compiled lib/cli (see README, "The ziggurat command").
// Source maps first, so that what loads next (the framework, then the app) reports TypeScript locations.
process.setSourceMapsEnabled(true);
await import('../dist/lib/cli/main.js');

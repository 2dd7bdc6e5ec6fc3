#!/usr/bin/env node
// The ziggurat command: everything lives in the compiled lib/cli (see README, "The ziggurat command").
import '../dist/lib/cli/main.js';

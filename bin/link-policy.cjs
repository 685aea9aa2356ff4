#!/usr/bin/env node
'use strict';
// The `link-policy` command: runs cli/main.ts through the project's TypeScript runner.
const path = require('node:path');
const { runMain } = require('../scripts/run-ts.cjs');

runMain(path.join(__dirname, '..', 'cli', 'main.ts'), process.argv.slice(2));

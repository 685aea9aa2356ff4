#!/usr/bin/env node
// Runs a TypeScript entry point without a compile step: esbuild bundles the project's own
// code in memory (npm packages stay external) and Node compiles the result as CommonJS.
// Nothing is written to disk, so concurrent runs (CI, tests spawning the CLI) cannot race.
// Convention: an entry point exports `main(argv)` returning an exit code (or a promise of one).
'use strict';
const path = require('node:path');
const Module = require('node:module');
const esbuild = require('esbuild');

function runTs(entry, argv) {
  const file = path.resolve(entry);
  const result = esbuild.buildSync({
    entryPoints: [file],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    write: false,
    logLevel: 'error',
  });
  process.setSourceMapsEnabled(true);
  process.argv = [process.argv[0], file, ...argv];
  const compiled = new Module(file, module);
  compiled.filename = file;
  compiled.paths = Module._nodeModulePaths(path.dirname(file));
  compiled._compile(result.outputFiles[0].text, file);
  return compiled.exports;
}

function runMain(entry, argv) {
  const { main } = runTs(entry, argv);
  if (typeof main !== 'function') {
    process.stderr.write(`${entry} does not export main(argv)\n`);
    process.exit(2);
  }
  Promise.resolve()
    .then(() => main(argv))
    .then(
      (code) => {
        process.exitCode = typeof code === 'number' ? code : 0;
      },
      (error) => {
        process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
        process.exitCode = 1;
      },
    );
}

module.exports = { runTs, runMain };

if (require.main === module) {
  const [entry, ...rest] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: run-ts.cjs <entry.ts> [args...]\n');
    process.exit(2);
  }
  runMain(entry, rest);
}

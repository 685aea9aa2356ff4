/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': '<rootDir>/test/support/esbuild-jest-transform.cjs' },
  moduleFileExtensions: ['ts', 'js', 'cjs', 'json'],
  // Two cores here: one worker per core.
  maxWorkers: 2,
  // A guard against hangs, not a speed check: end-to-end tests start Lambda execution environments
  // (child processes) and hold calls on purpose, which on two busy cores can take several seconds.
  testTimeout: 30_000,
  // A skipped test names its reason (e.g. no terraform on this machine); this lists them all.
  reporters: ['default', '<rootDir>/test/support/skip-reasons-reporter.cjs'],
};

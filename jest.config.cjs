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
  // The first test of a file that starts the trigger in process loads both AWS SDK clients through
  // jest's module registry (seconds on a shared two-core machine); no test asserts on time.
  testTimeout: 30000,
};

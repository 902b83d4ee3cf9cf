/**
 * Three tiers share one config: unit specs next to the code (*.spec.ts), database specs on a fresh
 * database (*.db-spec.ts) and HTTP end-to-end specs in test/ (*.e2e-spec.ts). TEST_DB=postgres
 * runs the last two against PostgreSQL. Browser specs (*.browser-spec.ts) drive chromium against
 * the app on an ephemeral port.
 */
const transform = { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
};

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/{src,workflows,scripts,bench}/**/*.spec.ts'],
    },
    { ...base, displayName: 'db', testMatch: ['<rootDir>/src/**/*.db-spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // SIGKILLs the built server (dist/) again and again; run after `nest build`.
    { ...base, displayName: 'crash', testMatch: ['<rootDir>/test/**/*.crash-spec.ts'] },
    // Real browser scenarios: Debian's chromium driven by playwright-core (see .ci/run).
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/test/**/*.browser-spec.ts'] },
  ],
};

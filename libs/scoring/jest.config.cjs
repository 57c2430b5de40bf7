// Pure unit and property tests of the scoring engine: no database, no framework.
module.exports = {
  displayName: 'scoring',
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper: { '^@arena/contracts$': '<rootDir>/../contracts/src/index.ts' },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Jest's transform cache, kept with the dependencies, not in the system temp dir.
  cacheDirectory: '<rootDir>/../../node_modules/.cache/jest-scoring',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
};

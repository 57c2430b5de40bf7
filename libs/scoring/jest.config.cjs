// Pure unit and property tests of the scoring engine: no database, no framework.
module.exports = {
  displayName: 'scoring',
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper: { '^@arena/contracts$': '<rootDir>/../contracts/src/index.ts' },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
};

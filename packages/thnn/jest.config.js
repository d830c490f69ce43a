/** @type {import('jest').Config} */
module.exports = {
  displayName: 'thnn',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json', 'node'],
  moduleNameMapper: {
    '^@typetorch/(.*)$': '<rootDir>/../$1/ts/index.ts',
  },
  transform: {
    // tsconfig.base.json sets isolatedModules, so ts-jest only transpiles (about 5x faster, no type
    // errors reported here): types are checked by `npm run typecheck` (tsc), which `npm test` runs first.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
};

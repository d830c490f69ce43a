// The jest config every package uses (packages/<p>/jest.config.js calls this with its folder):
// tests in test/**/*.test.ts, @typetorch/* resolved to the packages' TS sources.
'use strict';

/** @returns {import('jest').Config} */
module.exports = function packageConfig(dir, displayName) {
  return {
    displayName,
    rootDir: dir,
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
};

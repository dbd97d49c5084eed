/* global module */
/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  transform: { '^.+\\.(t|j)s$': swc },
  // @nestjs/* 12 is ESM-only: let jest transform it to CommonJS too.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|uid|iterare)/)'],
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      // test/backends: what both backends share, without a server.
      testMatch: ['<rootDir>/test/core/**/*.spec.ts', '<rootDir>/test/backends/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'conformance',
      // test/redis: Redis-only behaviour of the Redis backend, on the same throwaway servers.
      testMatch: ['<rootDir>/test/conformance/**/*.spec.ts', '<rootDir>/test/redis/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};

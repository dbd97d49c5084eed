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

// The e2e suite runs a second time on Nest 11 (installed apart in test/nest11 by `npm test`).
const NEST11 = '<rootDir>/test/nest11/node_modules';
const nest11 = {
  moduleNameMapper: Object.fromEntries(
    ['@nestjs/[^/]+', 'rxjs', 'reflect-metadata', 'class-validator', 'class-transformer'].map(
      (name) => [`^(${name})(/.*)?$`, `${NEST11}/$1$2`],
    ),
  ),
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      // The core, the delivery runtime on the in-process backend, and what both backends share.
      testMatch: [
        '<rootDir>/test/core/**/*.spec.ts',
        '<rootDir>/test/runtime/**/*.spec.ts',
        '<rootDir>/test/backends/**/*.spec.ts',
      ],
    },
    {
      ...shared,
      displayName: 'conformance',
      // test/redis: Redis-only behaviour of the Redis backend; test/delivery: the delivery runtime
      // (queue workers, stream consumers) on every backend. All on the same throwaway servers.
      testMatch: [
        '<rootDir>/test/conformance/**/*.spec.ts',
        '<rootDir>/test/redis/**/*.spec.ts',
        '<rootDir>/test/delivery/**/*.spec.ts',
      ],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...shared,
      displayName: 'nest',
      // The Nest layer end to end: apps on the memory backend and on the same throwaway servers.
      testMatch: ['<rootDir>/test/nest/**/*.spec.ts'],
      globals: { NEST_MAJOR: 12 },
      setupFiles: ['reflect-metadata'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...shared,
      displayName: 'package',
      // The library compiled once, packed, and run in Nest 11 and Nest 12 apps.
      testMatch: ['<rootDir>/test/package/**/*.spec.ts'],
    },
    {
      ...shared,
      ...nest11,
      displayName: 'nest-11',
      testMatch: ['<rootDir>/test/nest/**/*.spec.ts'],
      globals: { NEST_MAJOR: 11 },
      // The SIGTERM case starts a child app outside jest, on the main tree's Nest 12.
      testPathIgnorePatterns: ['/test/nest/signals\\.spec\\.ts$'],
      setupFiles: [`${NEST11}/reflect-metadata`],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};

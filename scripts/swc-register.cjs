/* eslint-disable @typescript-eslint/no-require-imports */
/* global require */
// `node -r ./scripts/swc-register.cjs app.ts`: runs TypeScript sources compiled by swc with the
// project's settings. Nest's dependency injection reads constructor types from decorator metadata,
// which swc emits (legacyDecorator + decoratorMetadata) and esbuild-based runners such as tsx do
// not. @nestjs/* 12 is ESM-only: Node ≥ 20.19 loads it through require(esm).
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.test-output/', '.redis-test/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Core layer must stay free of Nest and I/O (DESIGN.md: layers, imports flow down only).
    },
  },
  {
    files: ['lib/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'ioredis', 'node:*', 'net', 'fs', '../port/*', '../backends/*', '../../*'] },
      ],
    },
  },
  {
    // The delivery runtime is written once against the port: no Nest, no ioredis, no backend.
    files: ['lib/runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'ioredis', '../backends/*', '../nest/*', '../../*'] },
      ],
    },
  },
  {
    // The same rule one folder down (lib/runtime/queue/...): lib/ is two levels up there.
    files: ['lib/runtime/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'ioredis', '../../backends/*', '../../nest/*', '../../../*'] },
      ],
    },
  },
);

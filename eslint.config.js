// Lint rules: ESLint's and typescript-eslint's recommended sets; formatting is Prettier's job.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import encore from './eslint/boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'test-output/', 'bench-output/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Which folder may import which (ARCHITECTURE.md): the shape cannot drift again.
    files: ['src/**/*.ts'],
    plugins: { encore },
    rules: { 'encore/boundaries': 'error' },
  },
);

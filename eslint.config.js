import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/', 'public/build/', 'node_modules/', '.data/', '.cache/', 'test-results/', 'playwright-report/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // Nothing but env.server.ts reads process.env (STYLE.md); tests and tools set it up.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Import `env` from app/env.server.ts.' }],
    },
  },
  {
    files: ['app/env.server.ts', 'tests/**', '**/*.test.ts', '*.config.ts', '*.config.js', '.ci/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
)

import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// Module boundaries (STYLE.md "A module's tables belong to it"). Each module imports only its own tables; everything
// else reaches a module through its public files; only the guards make a scope. The lint fails otherwise.
/** The tables each module owns: db/schema/<file>.ts. */
const tablesOf = {
  auctions: ['auctions'],
  audit: ['audit'],
  auth: ['auth'],
  catalog: ['catalog'],
  'delivery-terms': ['delivery'],
  edi: ['edi'],
  ordering: ['ordering', 'orders'],
  pricing: ['pricing'],
  tenancy: ['tenancy'],
}
const modules = Object.keys(tablesOf)
const schemaFiles = Object.values(tablesOf).flat()
/** A module's public surface: its reads, its writes, its change feed (and, for auth, the guards and the scope type). */
const publicFiles = ['queries', 'mutations', 'live', 'guards', 'scope']
const internalOf = (names) => ({
  regex: `(^|/)(${names.join('|')})/(?!(${publicFiles.join('|')})\\.server$)[^/]+\\.server$`,
  message: "Another module's internals: import its queries.server.ts / mutations.server.ts (STYLE.md).",
})
const barrel = { regex: 'db/schema(/index)?$', message: "Import your module's own table file, db/schema/<module>.ts." }
const grant = {
  regex: 'auth/scope\\.server$',
  importNames: ['grantScope'],
  message: 'Only the guards make a scope (requirePermission, the socket layer, the API-key guard): take it as an argument.',
}
const boundaryBlocks = [
  ...modules.map((m) => ({
    files: [`app/modules/${m}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            barrel,
            {
              regex: `db/schema/(${schemaFiles.filter((f) => !tablesOf[m].includes(f)).join('|')})$`,
              message: `The tables of another module: call that module's queries.server.ts / mutations.server.ts (${m} owns db/schema/${tablesOf[m].join(', db/schema/')}).`,
            },
            internalOf(modules.filter((o) => o !== m)),
            ...(m === 'auth' ? [] : [grant]),
          ],
        },
      ],
    },
  })),
  {
    // Adapters: routes, shared UI, the shell, the socket layer and the process hold no tables of their own.
    files: ['app/routes/**', 'app/components/**', 'app/*.{ts,tsx}', 'app/http/**', 'app/i18n/**', 'app/utils/**', 'realtime/**', 'server.ts'],
    // The business clock reads the database's now(): the one shared helper that may use the client.
    ignores: ['app/utils/clock.server.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: 'db/(schema(/.*)?|client\\.server)$', message: 'Adapters call module functions, never tables or the client (STYLE.md).' },
            internalOf(modules),
          ],
        },
      ],
    },
  },
  {
    // Outside realtime/, the web guard is the only adapter that grants a scope.
    files: ['app/routes/**', 'app/components/**', 'app/*.{ts,tsx}', 'app/http/**', 'app/i18n/**', 'app/utils/**'],
    ignores: ['app/utils/clock.server.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: 'db/(schema(/.*)?|client\\.server)$', message: 'Adapters call module functions, never tables or the client (STYLE.md).' },
            internalOf(modules),
            grant,
          ],
        },
      ],
    },
  },
]

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
  ...boundaryBlocks,
  {
    // Message keys are checked by the compiler (issue 11): a key built from a code takes the code's union type
    // (`role.${Role}`), a key from outside (a stored error code) goes through isMessageKey.
    files: ['**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "TSAsExpression > TSTypeReference.typeAnnotation > Identifier.typeName[name='MessageKey'], TSTypeAssertion > TSTypeReference.typeAnnotation > Identifier.typeName[name='MessageKey']",
          message: 'a missing key must be a type error',
        },
      ],
    },
  },
)

// One lint config for the workspace: type-aware rules that catch unawaited promises and
// non-exhaustive switches, plus Vue's recommended rules for the web app.
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/*.config.*', '**/.parley-data/**', 'bench/results/**'],
  },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.ts', '**/*.vue'],
    languageOptions: {
      parser: vueParser,
      parserOptions: {
        parser: tseslint.parser,
        projectService: true,
        extraFileExtensions: ['.vue'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    // The main entry of @parley/shared carries zod (~60 kB gzip): the browser takes its values from
    // the zod-free '@parley/shared/values' and only types from the main entry.
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.vue'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@parley/shared',
              allowTypeImports: true,
              message: "Import values from '@parley/shared/values' (no zod); use `import type` for types.",
            },
          ],
        },
      ],
    },
  },
  {
    // Templates take every word from the catalogues (packages/shared/locales/*/{reader,moderate}.json).
    files: ['apps/web/src/**/*.vue'],
    rules: {
      // The default allowlist, plus the symbols that read the same in every language.
      'vue/no-bare-strings-in-template': [
        'error',
        {
          allowlist: [
            '(',
            ')',
            ',',
            '.',
            '&',
            '+',
            '-',
            '=',
            '*',
            '/',
            '#',
            '%',
            '!',
            '?',
            ':',
            '[',
            ']',
            '{',
            '}',
            '<',
            '>',
            '\u00b7',
            '\u2022',
            '\u2010',
            '\u2013',
            '\u2014',
            '\u2212',
            '\u00d7',
            '\u201c',
            '\u201d',
            '\u2026',
            '|',
            '@',
            '\u2665',
            '\u2661',
            '\u2192',
            '\u2190',
            // The product's name.
            'Parley',
          ],
        },
      ],
    },
  },
  {
    // Plumbing sits below the features: common/, config/, database/, redis/, events/, metrics/ and logging/
    // import each other and packages, never a feature folder (a feature adds to the event map from
    // its own folder, and registers its own metrics).
    files: ['apps/api/src/{common,config,database,redis,events,metrics,logging,i18n}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!(common|config|database|redis|events|metrics|logging|i18n)/)',
              message:
                'Plumbing must not import a feature folder: move the shared piece down, or let the feature register with the plumbing.',
            },
          ],
        },
      ],
    },
  },
);

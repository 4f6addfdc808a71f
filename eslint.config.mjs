// Flat config: typescript-eslint's type-checked rules, exhaustive switches, floating promises as errors; scripts linted too.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '*.js', 'bin/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  // Plain JavaScript (setup, test runners, benchmarks) has no type information.
  { files: ['**/*.mjs', 'scripts/**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    // Plain Node scripts (setup, test runners, benchmarks): Node's globals.
    files: ['**/*.mjs', 'scripts/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'process',
          'Buffer',
          'fetch',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'setImmediate',
          'URL',
          'URLSearchParams',
          'performance',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  { files: ['scripts/**/*.{js,mjs}'], languageOptions: { globals: { console: 'readonly' } } },
  {
    // The one CommonJS script (it requires the compiled generator from out/).
    files: ['scripts/generate-schema.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __dirname: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Commands, registry backends and host adapters implement async interfaces; some have nothing to await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read JSON output and drive sinon spies: the unsafe-any and unbound-method rules fit source, not assertions.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);

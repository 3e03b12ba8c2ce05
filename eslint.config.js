import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';
import tandem from './tools/module-boundaries.js';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			// Tandem is always served at the root (no kit.paths.base), so plain hrefs are right.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['src/**/*.ts', 'src/**/*.js', 'src/**/*.svelte'],
		plugins: { tandem },
		rules: { 'tandem/module-boundaries': 'error' }
	},
	{
		// The route contract: a posted body is read only through $lib/server/forms (validateForm,
		// buttonAction, readForm), where hostile bodies are refused before anything parses them.
		files: ['src/routes/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{
							name: 'sveltekit-superforms',
							importNames: ['superValidate'],
							message: 'Use validateForm or emptyForm from $lib/server/forms.'
						}
					]
				}
			],
			'no-restricted-syntax': [
				'error',
				{
					selector: "CallExpression[callee.property.name='formData']",
					message:
						'Read posted forms with validateForm, buttonAction or readForm ($lib/server/forms).'
				}
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'.node/',
			'data/',
			'drizzle/',
			'test-results/',
			'playwright-report/',
			'tests/e2e/.data/'
		]
	}
);

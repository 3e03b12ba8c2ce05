// ESLint rule: a module is used through its index.ts only. Code in src/ may import
// `$lib/server/<module>` (its index) but not `$lib/server/<module>/<file>` of another
// module; a module's schema files (schema.ts, or *-schema.ts that its schema.ts re-exports)
// may import other schema.ts files for foreign keys; the
// database layer (src/lib/server/db) imports no module.
import { existsSync } from 'node:fs';
import path from 'node:path';

const SERVER = path.join('src', 'lib', 'server');

/**
 * `$lib/x` or a relative path → a path from the project root, or null for packages.
 * @param {string} spec @param {string} importer @param {string} root
 */
function resolveSpec(spec, importer, root) {
	if (spec.startsWith('$lib/')) return path.join('src', 'lib', spec.slice(5));
	if (spec.startsWith('.')) return path.relative(root, path.resolve(path.dirname(importer), spec));
	return null;
}

/**
 * `src/lib/server/<module>/<rest>` → { module, rest } (rest '' for the folder itself);
 * `top` for a file directly in src/lib/server (config.ts, modules.ts), which is no module.
 * @param {string} file @param {string} root
 */
function serverPart(file, root) {
	const rel = path.relative(SERVER, file);
	if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
	const [module, ...rest] = rel.split(path.sep);
	if (rest.length === 0) {
		const name = module.replace(/\.(ts|js)$/, '');
		const isFile = ['.ts', '.js'].some((ext) => existsSync(path.join(root, SERVER, name + ext)));
		return { module: name, rest: '', top: isFile || module !== name };
	}
	return { module, rest: rest.join('/').replace(/\.(ts|js)$/, ''), top: false };
}

/**
 * What is wrong with importing `spec` from `importerAbs`, or null when it is fine.
 * @param {string} spec @param {string} importerAbs @param {string} root
 * @returns {string | null}
 */
export function problemOf(spec, importerAbs, root) {
	const target = resolveSpec(spec, importerAbs, root);
	if (!target) return null;
	const to = serverPart(target, root);
	if (!to || to.top) return null;
	const from = serverPart(path.relative(root, importerAbs), root);
	if (from && !from.top && from.module === to.module) return null;
	if (from && !from.top && from.module === 'db') {
		return `The database layer imports no module (${spec}).`;
	}
	if (to.module === 'db' || to.rest === '' || to.rest === 'index') return null;
	if (to.rest === 'schema' && /(^|-)schema\.ts$/.test(path.basename(importerAbs))) return null;
	return `Import the ${to.module} module through its index ('$lib/server/${to.module}'), not ${spec}.`;
}

export default {
	rules: {
		'module-boundaries': {
			meta: { type: 'problem', schema: [] },
			/** @param {import('eslint').Rule.RuleContext} context */
			create(context) {
				const root = context.cwd;
				const file = context.filename;
				if (!path.relative(root, file).startsWith('src' + path.sep)) return {};
				/** @param {any} node an import or export declaration */
				const check = (node) => {
					if (!node.source || typeof node.source.value !== 'string') return;
					const message = problemOf(node.source.value, file, root);
					if (message) context.report({ node: node.source, message });
				};
				return {
					ImportDeclaration: check,
					ExportAllDeclaration: check,
					ExportNamedDeclaration: check,
					ImportExpression: check
				};
			}
		}
	}
};

// ESLint rule: a module is used through its index.ts only. Code in src/ may import
// `$lib/server/<module>` (its index) but not `$lib/server/<module>/<file>` of another
// module; a module's schema.ts may import other schema.ts files for foreign keys; the
// database layer (src/lib/server/db) imports no module.
import path from 'node:path';

const SERVER = path.join('src', 'lib', 'server');

/** `$lib/x` or a relative path → a path from the project root, or null for packages. */
function resolveSpec(spec, importer, root) {
	if (spec.startsWith('$lib/')) return path.join('src', 'lib', spec.slice(5));
	if (spec.startsWith('.')) return path.relative(root, path.resolve(path.dirname(importer), spec));
	return null;
}

/** `src/lib/server/<module>/<rest>` → { module, rest } (rest '' for the folder itself). */
function serverPart(file) {
	const rel = path.relative(SERVER, file);
	if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
	const [module, ...rest] = rel.split(path.sep);
	if (rest.length === 0) return { module: module.replace(/\.(ts|js)$/, ''), rest: '', top: true };
	return { module, rest: rest.join('/').replace(/\.(ts|js)$/, ''), top: false };
}

export function problemOf(spec, importerAbs, root) {
	const target = resolveSpec(spec, importerAbs, root);
	if (!target) return null;
	const to = serverPart(target);
	if (!to || to.top) return null;
	const from = serverPart(path.relative(root, importerAbs));
	if (from && !from.top && from.module === to.module) return null;
	if (from && !from.top && from.module === 'db') {
		return `The database layer imports no module (${spec}).`;
	}
	if (to.module === 'db' || to.rest === '' || to.rest === 'index') return null;
	if (to.rest === 'schema' && path.basename(importerAbs) === 'schema.ts') return null;
	return `Import the ${to.module} module through its index ('$lib/server/${to.module}'), not ${spec}.`;
}

export default {
	rules: {
		'module-boundaries': {
			meta: { type: 'problem', schema: [] },
			create(context) {
				const root = context.cwd;
				const file = context.filename;
				if (!path.relative(root, file).startsWith('src' + path.sep)) return {};
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

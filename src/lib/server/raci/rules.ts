// The rules of a RACI row, pure: exactly one department is accountable, and at least one
// does the work. The message says which rule is broken and how to fix it.
import { CELL_VALUES, rolesOfCell, type CellValue, type RaciRole } from '$lib/raci/roles';

export interface RowCell {
	departmentId: number;
	roles: RaciRole[];
}

/** Why the row cannot be saved, or null when it follows the rules. */
export function rowProblem(cells: RowCell[]): string | null {
	const accountable = cells.filter((c) => c.roles.includes('A')).length;
	const responsible = cells.filter((c) => c.roles.includes('R')).length;
	if (accountable === 0) return 'Mark exactly one department A (accountable).';
	if (accountable > 1) {
		return `Only one department can be accountable; ${accountable} are marked A.`;
	}
	if (responsible === 0) return 'Mark at least one department R (responsible).';
	return null;
}

export function isCellValue(value: unknown): value is CellValue {
	return typeof value === 'string' && (CELL_VALUES as readonly string[]).includes(value);
}

/** The row's cells from posted values (`dept-<id>` → cell), refusing anything unknown. */
export function cellsFromPosted(
	posted: Record<string, unknown>,
	departmentIds: number[]
): RowCell[] | string {
	const cells: RowCell[] = [];
	for (const departmentId of departmentIds) {
		const value = posted[`dept-${departmentId}`] ?? '';
		if (!isCellValue(value)) return 'Choose R, A, A/R, C, I or nothing in each cell.';
		cells.push({ departmentId, roles: rolesOfCell(value) });
	}
	return cells;
}

/** A short key for code to name an activity by ("Release notes" → `release_notes`). */
export function activityKey(name: string): string {
	return (
		name
			.toLowerCase()
			.normalize('NFKD')
			.replace(/[^\w\s-]/g, '')
			.trim()
			.replace(/[\s-]+/g, '_')
			.slice(0, 60) || 'activity'
	);
}

/** "Support: R → A/R": what changed in a row, for its history. */
export function describeChange(
	before: Map<number, string>,
	after: Map<number, string>,
	names: Map<number, string>
): string {
	const parts: string[] = [];
	for (const [id, name] of names) {
		const was = before.get(id) ?? '';
		const now = after.get(id) ?? '';
		if (was !== now) parts.push(`${name}: ${was || '—'} → ${now || '—'}`);
	}
	return parts.join('; ') || 'No change';
}

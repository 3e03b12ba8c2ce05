// The rules of a RACI row, pure: exactly one column (a department or a team) is
// accountable, and at least one does the work. The message says which rule is broken and
// how to fix it.
import { CELL_VALUES, rolesOfCell, type CellValue, type RaciRole } from '$lib/raci/roles';

/** A column of the matrix: a department, or a team an admin added as its own column. */
export interface RaciColumn {
	/** `dept-<id>` or `team-<id>`: the column's cell key and its field name in a row's form. */
	key: string;
	kind: 'department' | 'team';
	id: number;
	/** "Support", or "Engineering › Platform" for a team. */
	name: string;
}

/** The key of the column a letter names (its department, or its team). */
export function columnKey(ref: { departmentId?: number | null; teamId?: number | null }): string {
	return ref.teamId ? `team-${ref.teamId}` : `dept-${ref.departmentId}`;
}

/** The department or team a column key names, as a letter stores it. */
export function columnRef(key: string): { departmentId: number | null; teamId: number | null } {
	const id = Number(key.slice(5));
	return key.startsWith('team-')
		? { departmentId: null, teamId: id }
		: { departmentId: id, teamId: null };
}

export interface RowCell {
	/** The column's key (`dept-<id>` or `team-<id>`). */
	column: string;
	roles: RaciRole[];
}

/** Why the row cannot be saved, or null when it follows the rules (across every column). */
export function rowProblem(cells: RowCell[]): string | null {
	const accountable = cells.filter((c) => c.roles.includes('A')).length;
	const responsible = cells.filter((c) => c.roles.includes('R')).length;
	if (accountable === 0) return 'Mark exactly one department or team A (accountable).';
	if (accountable > 1) {
		return `Only one department or team can be accountable; ${accountable} are marked A.`;
	}
	if (responsible === 0) return 'Mark at least one department or team R (responsible).';
	return null;
}

export function isCellValue(value: unknown): value is CellValue {
	return typeof value === 'string' && (CELL_VALUES as readonly string[]).includes(value);
}

/**
 * The row's cells from posted values (column key → cell), refusing anything unknown. A
 * column missing from the post counts as empty.
 */
export function cellsFromPosted(
	posted: Record<string, unknown>,
	columnKeys: string[]
): RowCell[] | string {
	const cells: RowCell[] = [];
	for (const column of columnKeys) {
		const value = posted[column] ?? '';
		if (!isCellValue(value)) return 'Choose R, A, A/R, C, I or nothing in each cell.';
		cells.push({ column, roles: rolesOfCell(value) });
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
	before: Map<string, string>,
	after: Map<string, string>,
	names: Map<string, string>
): string {
	const parts: string[] = [];
	for (const [id, name] of names) {
		const was = before.get(id) ?? '';
		const now = after.get(id) ?? '';
		if (was !== now) parts.push(`${name}: ${was || '—'} → ${now || '—'}`);
	}
	return parts.join('; ') || 'No change';
}

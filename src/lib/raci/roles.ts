// The RACI letters as the browser sees them, and what a cell of the matrix may hold.
export const RACI_ROLES = ['R', 'A', 'C', 'I'] as const;
export type RaciRole = (typeof RACI_ROLES)[number];
export const RACI_LABELS: Record<RaciRole, string> = {
	R: 'Responsible',
	A: 'Accountable',
	C: 'Consulted',
	I: 'Informed'
};

/** The choices of one cell: nothing, one letter, or accountable and responsible at once. */
export const CELL_VALUES = ['', 'R', 'A', 'AR', 'C', 'I'] as const;
export type CellValue = (typeof CELL_VALUES)[number];
export const CELL_LABELS: Record<CellValue, string> = {
	'': '—',
	R: 'R · Responsible',
	A: 'A · Accountable',
	AR: 'A/R · Accountable and responsible',
	C: 'C · Consulted',
	I: 'I · Informed'
};

/** The letters of a cell value ('AR' → A and R). */
export function rolesOfCell(value: CellValue): RaciRole[] {
	return value === '' ? [] : value === 'AR' ? ['A', 'R'] : [value];
}

/** The cell value that shows `roles` (the letters as saved). */
export function cellOfRoles(roles: readonly RaciRole[]): CellValue {
	const set = new Set(roles);
	if (set.has('A') && set.has('R')) return 'AR';
	for (const role of RACI_ROLES) if (set.has(role)) return role;
	return '';
}

// The starting matrix: the activities support, product and engineering share, with the
// usual split of who does, owns, is asked and is told, by kind of department.
import type { RaciRole } from '$lib/raci/roles';
import type { RowCell } from './rules';

type Kind = 'support' | 'product' | 'engineering' | 'other';

export interface TemplateActivity {
	key: string;
	name: string;
	roles: Partial<Record<Kind, RaciRole[]>>;
}

export const RACI_TEMPLATE: TemplateActivity[] = [
	{
		key: 'raise_escalation',
		name: 'Raising an escalation',
		roles: { support: ['A', 'R'], engineering: ['C'], product: ['I'] }
	},
	{
		key: 'reproduce',
		name: 'Reproducing',
		roles: { engineering: ['A', 'R'], support: ['C'], product: ['I'] }
	},
	{
		key: 'prioritise',
		name: 'Prioritising',
		roles: { product: ['A', 'R'], engineering: ['C'], support: ['C'] }
	},
	{
		key: 'fix',
		name: 'Fixing',
		roles: { engineering: ['A', 'R'], product: ['C'], support: ['I'] }
	},
	{
		key: 'customer_updates',
		name: 'Customer updates',
		roles: { support: ['A', 'R'], engineering: ['C'], product: ['I'] }
	},
	{
		key: 'release_notes',
		name: 'Release notes',
		roles: { product: ['A', 'R'], engineering: ['C'], support: ['I'], other: ['I'] }
	},
	{
		key: 'knowledge_base',
		name: 'Knowledge base',
		roles: { support: ['A', 'R'], product: ['C'], engineering: ['I'] }
	},
	{
		key: 'slo_policy',
		name: 'SLO policy',
		roles: { engineering: ['A'], support: ['R'], product: ['C'], other: ['I'] }
	},
	{
		key: 'monthly_sync',
		name: 'The monthly sync',
		roles: { product: ['A', 'R'], support: ['R'], engineering: ['C'], other: ['I'] }
	}
];

/** The template's letters for the first department of each kind there is. */
export function templateCells(
	activity: TemplateActivity,
	departments: { id: number; kind: Kind }[]
): RowCell[] {
	const cells: RowCell[] = [];
	for (const [kind, roles] of Object.entries(activity.roles) as [Kind, RaciRole[]][]) {
		const first = departments.find((d) => d.kind === kind);
		if (first) cells.push({ column: `dept-${first.id}`, roles });
	}
	return cells;
}

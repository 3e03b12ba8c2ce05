// The cross-functional rule as a checklist a team card shows, computed the same way on the
// server (flagging at hacking start) and in the browser (ticking live as people join).
import { DEPARTMENT_KIND_LABELS, type DepartmentKind } from './schemas';

export interface TeamRule {
	minDepartments: number;
	requiredDepartmentKind: DepartmentKind | null;
	teamSizeMin: number;
	teamSizeMax: number;
}

/** What a member brings to the check: their department, if they have one. */
export interface MemberPlace {
	departmentId: number | null;
	departmentName: string | null;
	departmentKind: DepartmentKind | null;
}

export interface ChecklistItem {
	label: string;
	met: boolean;
}

/** The departments a team covers, by name, in a stable order. */
export function departmentsCovered(members: MemberPlace[]): string[] {
	const names = new Set<string>();
	for (const m of members) if (m.departmentId && m.departmentName) names.add(m.departmentName);
	return [...names].sort();
}

/** The rule's checks for these members: distinct departments, the named kind, size. */
export function crossFunctionalChecklist(rule: TeamRule, members: MemberPlace[]): ChecklistItem[] {
	const covered = departmentsCovered(members).length;
	const items: ChecklistItem[] = [];
	if (rule.minDepartments > 1) {
		items.push({
			label: `${rule.minDepartments} departments (${covered} so far)`,
			met: covered >= rule.minDepartments
		});
	}
	if (rule.requiredDepartmentKind) {
		const kind = DEPARTMENT_KIND_LABELS[rule.requiredDepartmentKind];
		items.push({
			label: `Someone from ${kind}`,
			met: members.some((m) => m.departmentKind === rule.requiredDepartmentKind)
		});
	}
	items.push({
		label: `At least ${rule.teamSizeMin} ${rule.teamSizeMin === 1 ? 'person' : 'people'}`,
		met: members.length >= rule.teamSizeMin
	});
	return items;
}

/** Whether the team meets the whole rule. */
export function meetsRule(rule: TeamRule, members: MemberPlace[]): boolean {
	return crossFunctionalChecklist(rule, members).every((item) => item.met);
}

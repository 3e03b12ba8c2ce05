// Who may do what with an escalation, and where its status may go: pure rules, shown on
// the page and enforced by the service.
import type { EscalationStatus } from '$lib/escalations/schemas';
import type { SessionPerson } from '../auth';

/** Where each status may go next; anything else is refused. */
const NEXT_STATUSES: Record<EscalationStatus, EscalationStatus[]> = {
	open: ['in_progress', 'waiting_on_support', 'resolved'],
	in_progress: ['waiting_on_support', 'resolved'],
	waiting_on_support: ['in_progress', 'resolved'],
	resolved: ['closed', 'open'],
	closed: ['open']
};

export function nextStatuses(status: EscalationStatus): EscalationStatus[] {
	return NEXT_STATUSES[status];
}

/** What the rules need to know about the person acting. */
export interface Actor {
	id: number;
	role: 'admin' | 'member';
	departmentKind: SessionPerson['departmentKind'];
}

/** Engineering and Product answer escalations: their actions count for the SLOs. */
export function isEngineeringSide(actor: Pick<Actor, 'departmentKind'>): boolean {
	return actor.departmentKind === 'engineering' || actor.departmentKind === 'product';
}

export function mayChangeStatus(
	actor: Actor,
	target: { reporterId: number; assigneeId: number | null }
): boolean {
	return (
		actor.role === 'admin' ||
		isEngineeringSide(actor) ||
		actor.id === target.reporterId ||
		actor.id === target.assigneeId
	);
}

export function mayAssign(actor: Actor): boolean {
	return actor.role === 'admin' || isEngineeringSide(actor);
}

/**
 * Whether an unfinished escalation waits on `personId`: its reporter when engineering asked
 * support for something, its assignee while it is open or being worked on.
 */
export function waitsOn(
	target: { status: EscalationStatus; reporterId: number; assigneeId: number | null },
	personId: number
): boolean {
	if (target.status === 'waiting_on_support') return target.reporterId === personId;
	return (
		target.assigneeId === personId && (target.status === 'open' || target.status === 'in_progress')
	);
}

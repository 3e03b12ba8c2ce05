// Who may do what with an escalation, and where its status may go: pure rules, shown on
// the page and enforced by the service. The workflow is one table: each move, who may
// make it, and whether it needs a resolution note.
import { STATUS_LABELS, type EscalationStatus } from '$lib/escalations/schemas';
import type { SessionPerson } from '../auth';

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

/**
 * The parts a person can play in one escalation: the support agent who reported it, any
 * support agent (they share the customer), anyone in Engineering or Product, the
 * assignee (whatever their department), an admin.
 */
export type WorkflowRole = 'reporter' | 'support' | 'engineering' | 'assignee' | 'admin';

const ROLE_NAMES: Record<WorkflowRole, string> = {
	reporter: 'the reporter',
	support: 'Support',
	engineering: 'Engineering or Product',
	assignee: 'the assignee',
	admin: 'an admin'
};

export interface WorkflowMove {
	from: EscalationStatus;
	to: EscalationStatus;
	/** The button's words on the escalation page. */
	label: string;
	who: readonly WorkflowRole[];
	/** Resolving and closing say what was done, kept with the escalation. */
	needsNote: boolean;
}

const SUPPORT_SIDE = ['reporter', 'support'] as const;
const ENGINEERING_SIDE = ['engineering', 'assignee'] as const;
const EVERYONE = [...SUPPORT_SIDE, ...ENGINEERING_SIDE, 'admin'] as const;

function move(
	from: EscalationStatus,
	to: EscalationStatus,
	label: string,
	who: readonly WorkflowRole[],
	needsNote = false
): WorkflowMove {
	return { from, to, label, who, needsNote };
}

/**
 * The workflow. Engineering starts work and asks support for what it needs; support
 * answers (a reply while waiting on support also moves it back, see the service); either
 * side may resolve with a note; closing after a resolve and reopening a closed escalation
 * are support's, who speak to the customer; anyone involved may reopen a resolved one.
 */
export const WORKFLOW: readonly WorkflowMove[] = [
	move('open', 'in_progress', 'Start work', [...ENGINEERING_SIDE, 'admin']),
	move('open', 'waiting_on_support', 'Ask support', [...ENGINEERING_SIDE, 'admin']),
	move('open', 'resolved', 'Resolve', EVERYONE, true),
	move('in_progress', 'waiting_on_support', 'Ask support', [...ENGINEERING_SIDE, 'admin']),
	move('in_progress', 'resolved', 'Resolve', EVERYONE, true),
	move('waiting_on_support', 'in_progress', 'Back to engineering', EVERYONE),
	move('waiting_on_support', 'resolved', 'Resolve', EVERYONE, true),
	move('resolved', 'closed', 'Close', [...SUPPORT_SIDE, 'assignee', 'admin'], true),
	move('resolved', 'open', 'Reopen', EVERYONE),
	move('closed', 'open', 'Reopen', [...SUPPORT_SIDE, 'admin'])
];

/** The parts `actor` plays in `target`. */
export function rolesIn(
	actor: Actor,
	target: { reporterId: number; assigneeId: number | null }
): Set<WorkflowRole> {
	const roles = new Set<WorkflowRole>();
	if (actor.id === target.reporterId) roles.add('reporter');
	if (actor.departmentKind === 'support') roles.add('support');
	if (isEngineeringSide(actor)) roles.add('engineering');
	if (actor.id === target.assigneeId) roles.add('assignee');
	if (actor.role === 'admin') roles.add('admin');
	return roles;
}

/** The moves out of a status, in the table's order. */
export function movesFrom(status: EscalationStatus): WorkflowMove[] {
	return WORKFLOW.filter((m) => m.from === status);
}

export function nextStatuses(status: EscalationStatus): EscalationStatus[] {
	return movesFrom(status).map((m) => m.to);
}

/** "Only Support, the reporter or an admin can close it." */
function whoMay(moveTo: WorkflowMove): string {
	const names = moveTo.who.map((r) => ROLE_NAMES[r]);
	const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0];
	return `Only ${list} can move it to ${STATUS_LABELS[moveTo.to]}.`;
}

/**
 * Why `actor` may not move `target` to `to`, or null when they may: the same sentence
 * refuses the move in the service and explains the disabled button on the page.
 */
export function whyNotMove(
	actor: Actor,
	target: { status: EscalationStatus; reporterId: number; assigneeId: number | null },
	to: EscalationStatus
): string | null {
	if (target.status === to) return `The escalation is already ${STATUS_LABELS[to]}.`;
	const found = WORKFLOW.find((m) => m.from === target.status && m.to === to);
	if (!found) {
		const options = nextStatuses(target.status)
			.map((s) => STATUS_LABELS[s])
			.join(' or ');
		return `An escalation that is ${STATUS_LABELS[target.status]} can move to ${options}, not to ${STATUS_LABELS[to]}.`;
	}
	const roles = rolesIn(actor, target);
	return found.who.some((r) => roles.has(r)) ? null : whoMay(found);
}

/** A move as the escalation page offers it to the viewer: allowed, or why not. */
export interface OfferedMove {
	to: EscalationStatus;
	label: string;
	needsNote: boolean;
	/** null when the viewer may make it. */
	refused: string | null;
}

export function movesFor(
	actor: Actor,
	target: { status: EscalationStatus; reporterId: number; assigneeId: number | null }
): OfferedMove[] {
	return movesFrom(target.status).map((m) => ({
		to: m.to,
		label: m.label,
		needsNote: m.needsNote,
		refused: whyNotMove(actor, target, m.to)
	}));
}

/** Whether the move needs a resolution note. */
export function needsNote(from: EscalationStatus, to: EscalationStatus): boolean {
	return WORKFLOW.some((m) => m.from === from && m.to === to && m.needsNote);
}

/** Support's side of an escalation: a reply from them answers "waiting on support". */
export function isSupportSide(
	actor: Actor,
	target: { reporterId: number; assigneeId: number | null }
): boolean {
	const roles = rolesIn(actor, target);
	return roles.has('reporter') || roles.has('support');
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

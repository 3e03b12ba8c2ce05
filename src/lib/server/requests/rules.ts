// Who may do what with feature requests. Support hears customers, so support (and admins)
// add their reports; product owns the answer, so product (and admins) set the status,
// edit and merge. Anyone signed in may propose a request and read them all.
import type { RequestStatus } from '$lib/requests/schemas';
import type { SessionPerson } from '../auth';

type Actor = Pick<SessionPerson, 'role' | 'departmentKind'> & { active?: boolean };

export function mayReportForCustomers(actor: Actor): boolean {
	if (actor.active === false) return false;
	return actor.role === 'admin' || actor.departmentKind === 'support';
}

export function mayDecideRequests(actor: Actor): boolean {
	if (actor.active === false) return false;
	return actor.role === 'admin' || actor.departmentKind === 'product';
}

/** A request merged away keeps no figures and takes no reports: its reports live on in the other. */
export function isOpenForReports(request: { mergedIntoId: number | null }): boolean {
	return request.mergedIntoId === null;
}

/** Reporters are told when the status becomes shipped, once per move into it. */
export function shipsNow(from: RequestStatus, to: RequestStatus): boolean {
	return from !== 'shipped' && to === 'shipped';
}

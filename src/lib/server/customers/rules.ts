// Who may keep customer records: support, who talks to customers, and admins. Everyone
// signed in can read them (escalations and SLOs show them).
import type { SessionPerson } from '../auth';

export function mayEditCustomers(
	actor: Pick<SessionPerson, 'role' | 'departmentKind'> & { active?: boolean }
): boolean {
	if (actor.active === false) return false;
	return actor.role === 'admin' || actor.departmentKind === 'support';
}

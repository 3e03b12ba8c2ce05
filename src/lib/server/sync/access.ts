// Who is acting on an agenda, read inside the writing transaction: organisers (admins and
// the department or team RACI makes accountable for the sync) change agendas; everyone
// reads them.
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { ServiceError } from '../errors';
import { person, team } from '../org';
import { columnsWithRoleIn } from '../raci';
import { mayOrganise, SYNC_ACTIVITY } from './rules';
import { syncAgenda } from './schema';

/** The person's role and department, or null when they cannot act (unknown or deactivated). */
export async function actorIn(tx: Executor, actorId: number) {
	const [row] = await tx
		.select({
			role: person.role,
			active: person.active,
			teamId: person.teamId,
			departmentId: team.departmentId
		})
		.from(person)
		.leftJoin(team, eq(team.id, person.teamId))
		.where(eq(person.id, actorId));
	return row?.active
		? { role: row.role, teamId: row.teamId, departmentId: row.departmentId ?? null }
		: null;
}

/** Whether the person may generate, edit and publish agendas. */
export async function isOrganiserIn(tx: Executor, actorId: number): Promise<boolean> {
	const actor = await actorIn(tx, actorId);
	if (!actor) return false;
	if (actor.role === 'admin') return true;
	return mayOrganise(actor, await columnsWithRoleIn(tx, SYNC_ACTIVITY, 'A'));
}

/** Refuses anyone who may not organise the monthly sync. */
export async function requireOrganiser(tx: Executor, actorId: number): Promise<void> {
	if (!(await isOrganiserIn(tx, actorId))) {
		throw new ServiceError(
			'Only admins and the department or team accountable for the monthly sync (see Responsibilities) can change agendas.'
		);
	}
}

/** The agenda, locked for the change, refusing one that is not there. */
export async function lockAgenda(tx: Executor, agendaId: number) {
	const [row] = await tx.select().from(syncAgenda).where(eq(syncAgenda.id, agendaId)).for('update');
	if (!row) throw new ServiceError('That agenda does not exist.');
	return row;
}

/** The agenda locked and still a draft: a published agenda is frozen. */
export async function lockDraft(tx: Executor, agendaId: number) {
	const row = await lockAgenda(tx, agendaId);
	if (row.status === 'published') {
		throw new ServiceError('This agenda is published and can no longer be changed.');
	}
	return row;
}

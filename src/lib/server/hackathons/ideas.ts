// The ideas board and "looking for a team": what people want to build (with customer
// evidence from escalations) and who is free to join, by department.
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import {
	freeAgentSchema,
	ideaSchema,
	splitEscalationIds,
	splitSkills
} from '$lib/hackathons/schemas';
import type { Transaction } from '../db/client';
import { ServiceError, parseOrRefuse } from '../errors';
import { escalationsByIds } from '../escalations';
import { withEvents } from '../realtime';
import { hackathonRoom, recordHackathonEvent } from './events';
import { boardProblem } from './rules';
import { hackathonFreeAgent, hackathonIdea, hackathonMember } from './schema';
import { findHackathon } from './service';

export type NewIdea = z.input<typeof ideaSchema>;

async function boardOpen(tx: Transaction, hackathonId: number) {
	const row = await findHackathon(hackathonId, tx);
	const problem = boardProblem(row.phase);
	if (problem) throw new ServiceError(problem);
	return row;
}

/** Posts an idea; every escalation it cites must exist. */
export async function postIdea(actorId: number, hackathonId: number, input: NewIdea) {
	const data = parseOrRefuse(ideaSchema, input);
	const escalationIds = splitEscalationIds(data.evidence) ?? [];
	if (escalationIds.length > 10) throw new ServiceError('Cite at most 10 escalations.', 'evidence');
	const found = new Set((await escalationsByIds(escalationIds)).map((e) => e.id));
	const missing = escalationIds.find((id) => !found.has(id));
	if (missing) throw new ServiceError(`There is no escalation #${missing}.`, 'evidence');
	return withEvents(async (tx, record) => {
		await boardOpen(tx, hackathonId);
		const [idea] = await tx
			.insert(hackathonIdea)
			.values({
				hackathonId,
				authorId: actorId,
				title: data.title,
				problem: data.problem,
				skills: splitSkills(data.skills),
				escalationIds
			})
			.returning({ id: hackathonIdea.id });
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'idea.posted',
			{ ideaId: idea.id, title: data.title, authorId: actorId },
			actorId
		);
		return idea.id;
	});
}

/** "Looking for a team" with your skills (again: the skills are updated). */
export async function lookForTeam(actorId: number, hackathonId: number, skills: string) {
	const data = parseOrRefuse(freeAgentSchema, { skills });
	await withEvents(async (tx, record) => {
		await boardOpen(tx, hackathonId);
		const [member] = await tx
			.select({ teamId: hackathonMember.teamId })
			.from(hackathonMember)
			.where(
				and(eq(hackathonMember.hackathonId, hackathonId), eq(hackathonMember.personId, actorId))
			);
		if (member) throw new ServiceError('You are already in a team.');
		const list = splitSkills(data.skills);
		await tx
			.insert(hackathonFreeAgent)
			.values({ hackathonId, personId: actorId, skills: list })
			.onConflictDoUpdate({
				target: [hackathonFreeAgent.hackathonId, hackathonFreeAgent.personId],
				set: { skills: list }
			});
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'free_agent.changed',
			{ personId: actorId, looking: true },
			actorId
		);
	});
}

/** No longer looking for a team. */
export async function stopLooking(actorId: number, hackathonId: number) {
	await withEvents(async (tx, record) => {
		await findHackathon(hackathonId, tx);
		const removed = await tx
			.delete(hackathonFreeAgent)
			.where(
				and(
					eq(hackathonFreeAgent.hackathonId, hackathonId),
					eq(hackathonFreeAgent.personId, actorId)
				)
			)
			.returning({ personId: hackathonFreeAgent.personId });
		if (removed.length === 0) return;
		await recordHackathonEvent(
			record,
			hackathonRoom(hackathonId),
			'free_agent.changed',
			{ personId: actorId, looking: false },
			actorId
		);
	});
}

// Hackathon lifecycle against the real database: who may create one and with what prize
// pool, bad input refused with nothing written, phases moved by the job runner exactly
// once with two runners racing, an organiser's early advance, and extending a deadline.
import { and, count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	hackathonFormSchema,
	hackathonFromForm,
	PRIZE_POOL_LIMIT
} from '../../src/lib/hackathons/schemas';
import { openDatabase, type Database, type DatabaseHandle } from '../../src/lib/server/db/client';
import {
	advancePhase,
	answerInvite,
	createHackathon,
	createTeam,
	findHackathon,
	inviteToTeam,
	makeException,
	movePhaseTime,
	mayOrganiseHackathons,
	phaseJobKey,
	setOrganisingGrant,
	teamsOf
} from '../../src/lib/server/hackathons';
import { hackathon } from '../../src/lib/server/hackathons/schema';
import { createJobRunner, job, type JobRunner } from '../../src/lib/server/jobs';
import { registerModules } from '../../src/lib/server/modules';
import { canJoinRoom } from '../../src/lib/server/realtime/rooms';
import { roomEvent } from '../../src/lib/server/realtime/schema';
import type { SessionPerson } from '../../src/lib/server/auth';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { hackathonCast, hackathonInput, openHackathon } from '../helpers/hackathons';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let cast: Awaited<ReturnType<typeof hackathonCast>>;
const onPostgres = Boolean(process.env.DATABASE_URL);

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	cast = await hackathonCast(testDb);
}, 60_000);

afterAll(async () => {
	await testDb?.destroy();
});

async function hackathonCount() {
	const [row] = await testDb.db.select({ n: count() }).from(hackathon);
	return Number(row.n);
}

async function eventsOf(room: string) {
	return testDb.db.select().from(roomEvent).where(eq(roomEvent.room, room)).orderBy(roomEvent.seq);
}

/** Polls `read` until `check` holds or `ms` pass. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 20_000) {
	const until = Date.now() + ms;
	for (;;) {
		const value = await read();
		if (check(value) || Date.now() > until) return value;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

describe('creating a hackathon', () => {
	it('is for admins and members an admin allows', async () => {
		const before = await hackathonCount();
		const err = await refusal(createHackathon(cast.pia, hackathonInput()));
		expect(err.message).toBe('Only admins, and members an admin allows, can create hackathons.');
		expect(await hackathonCount()).toBe(before);
		expect(await mayOrganiseHackathons(cast.pia)).toBe(false);

		// Only an admin may grant it.
		await refusal(setOrganisingGrant(cast.sam, cast.pia, true));
		await setOrganisingGrant(cast.admin, cast.pia, true);
		expect(await mayOrganiseHackathons(cast.pia)).toBe(true);
		const id = await createHackathon(cast.pia, hackathonInput({ title: 'Pia’s hack' }));
		const row = await findHackathon(id);
		expect(row).toMatchObject({ title: 'Pia’s hack', phase: 'draft', createdById: cast.pia });
		// The creator organises it: the four phase jobs are scheduled at their times.
		const jobs = await testDb.db
			.select()
			.from(job)
			.where(like(job.key, `hackathon.phase:${id}:%`));
		expect(jobs.map((j) => j.key).sort()).toEqual(
			['hacking', 'judging', 'registration', 'results'].map((p) => `hackathon.phase:${id}:${p}`)
		);
		expect(jobs.find((j) => j.key.endsWith(':hacking'))!.dueAt).toEqual(row.hackingStartsAt);

		await setOrganisingGrant(cast.admin, cast.pia, false);
		await refusal(createHackathon(cast.pia, hackathonInput()));
	});

	it('holds a member organiser to the prize pool limit; an admin may exceed it', async () => {
		await setOrganisingGrant(cast.admin, cast.pia, true);
		const big = hackathonInput({
			prizes: [{ category: null, title: 'Huge', points: PRIZE_POOL_LIMIT + 1 }]
		});
		const before = await hackathonCount();
		const err = await refusal(createHackathon(cast.pia, big));
		expect(err.field).toBe('prizes');
		expect(err.message).toContain(`at most ${PRIZE_POOL_LIMIT}`);
		expect(await hackathonCount()).toBe(before);
		const exactly = hackathonInput({
			prizes: [{ category: null, title: 'Exact', points: PRIZE_POOL_LIMIT }]
		});
		await createHackathon(cast.pia, exactly);
		await createHackathon(cast.admin, big);
		expect(await hackathonCount()).toBe(before + 2);
		await setOrganisingGrant(cast.admin, cast.pia, false);
	});

	it('refuses bad input next to its field and writes nothing', async () => {
		const before = await hackathonCount();
		const good = hackathonInput();
		const cases: [Record<string, unknown>, string][] = [
			[{ title: ' ' }, 'title'],
			[{ teamSizeMin: 4, teamSizeMax: 2 }, 'teamSizeMax'],
			[{ minDepartments: 5 }, 'minDepartments'],
			[{ hackingEndsAt: good.hackingStartsAt }, 'hackingEndsAt'],
			[{ judgingEndsAt: good.hackingStartsAt }, 'judgingEndsAt'],
			[{ criteria: [] }, 'criteria'],
			[{ votesPerPerson: 0 }, 'votesPerPerson']
		];
		for (const [change, field] of cases) {
			const err = await refusal(createHackathon(cast.admin, { ...good, ...change } as never));
			expect(err.field, JSON.stringify(change)).toBe(field);
		}
		// A prize in a category that is not a challenge.
		const err = await refusal(
			createHackathon(cast.admin, {
				...good,
				prizes: [{ category: 'Nope', title: 'Lost', description: '', points: 1 }]
			})
		);
		expect(err.field).toBe('prizes');
		expect(await hackathonCount()).toBe(before);
	});

	it('reads the form’s lists line by line, naming the line that is wrong', () => {
		const form = {
			title: 'Form hack',
			theme: 'Lists',
			challenges: 'Search *\nDelight',
			prizes: 'Overall | Grand prize | 300 | The best\nSearch | Best search | 100',
			criteria: 'Impact: 3\nExecution: 2',
			teamSizeMin: 2,
			teamSizeMax: 5,
			minDepartments: 2,
			votesPerPerson: 3,
			registrationOpensAt: '2030-01-01T09:00',
			hackingStartsAt: '2030-01-02T09:00',
			hackingEndsAt: '2030-01-03T09:00',
			judgingEndsAt: '2030-01-04T09:00'
		};
		const parsed = hackathonFormSchema.parse(form);
		const times = {
			registrationOpensAt: new Date('2030-01-01T09:00Z'),
			hackingStartsAt: new Date('2030-01-02T09:00Z'),
			hackingEndsAt: new Date('2030-01-03T09:00Z'),
			judgingEndsAt: new Date('2030-01-04T09:00Z')
		};
		const input = hackathonFromForm(parsed, times);
		expect(input.success && input.data.challenges).toEqual([
			{ title: 'Search', isCategory: true },
			{ title: 'Delight', isCategory: false }
		]);
		expect(input.success && input.data.prizes).toEqual([
			{ category: null, title: 'Grand prize', points: 300, description: 'The best' },
			{ category: 'Search', title: 'Best search', points: 100, description: '' }
		]);
		const issues = (changes: Record<string, unknown>) =>
			hackathonFormSchema.safeParse({ ...form, ...changes }).error?.issues ?? [];
		expect(issues({ prizes: 'Overall | Grand | 300\nDelight | Best | 5' })[0]).toMatchObject({
			path: ['prizes'],
			message: 'Line 2: “Delight” is not a prize category (mark a challenge with *).'
		});
		expect(issues({ prizes: 'Overall | Grand | lots' })[0].message).toBe(
			'Line 1: give the points as a whole number.'
		);
		expect(issues({ criteria: 'Impact' })[0]).toMatchObject({
			path: ['criteria'],
			message: 'Line 1: write "Criterion: weight" (weight 1–100).'
		});
	});

	it('lets anyone signed in watch a hackathon that exists, and no other room', async () => {
		const id = await createHackathon(cast.admin, hackathonInput());
		const viewer = { id: cast.sam } as SessionPerson;
		expect(await canJoinRoom(viewer, `hackathon:${id}`)).toBe(true);
		expect(await canJoinRoom(viewer, 'hackathons')).toBe(true);
		expect(await canJoinRoom(viewer, 'hackathon:2147483647')).toBe(false);
		expect(await canJoinRoom(viewer, 'hackathon:99999999999')).toBe(false);
		expect(await canJoinRoom(viewer, 'hackathon:abc')).toBe(false);
	});
});

describe('phases', () => {
	it('advance on their times through the job runner exactly once, with two runners racing', async () => {
		const total = 4;
		const ids: number[] = [];
		for (let i = 0; i < total; i++) {
			const at = (ms: number) => new Date(Date.now() + 300 + ms);
			ids.push(
				await createHackathon(
					cast.admin,
					hackathonInput({
						title: `Race ${i}`,
						registrationOpensAt: at(0),
						hackingStartsAt: at(250),
						hackingEndsAt: at(500),
						judgingEndsAt: at(750)
					})
				)
			);
		}
		// On PostgreSQL each runner is a node with its own pool; on PGlite they share the one.
		const nodes: { handle?: DatabaseHandle; db: Database }[] = onPostgres
			? await Promise.all(
					[0, 1].map(async () => {
						const handle = await openDatabase({ url: testDb.url, dataDir: '', poolSize: 4 });
						return { handle, db: handle.db };
					})
				)
			: [{ db: testDb.db }, { db: testDb.db }];
		const runners: JobRunner[] = nodes.map((node, i) =>
			createJobRunner({ db: node.db, name: `node-${i}`, tickMs: 20, concurrency: 2 })
		);
		for (const runner of runners) runner.start();
		try {
			await eventually(
				() => Promise.all(ids.map((id) => findHackathon(id))),
				(rows) => rows.every((row) => row.phase === 'results')
			);
			// Let any double run that was about to happen happen.
			await new Promise((resolve) => setTimeout(resolve, 400));
		} finally {
			await Promise.all(runners.map((runner) => runner.stop()));
			await Promise.all(nodes.map((node) => node.handle?.close()));
		}
		for (const id of ids) {
			expect((await findHackathon(id)).phase).toBe('results');
			const phases = (await eventsOf(`hackathon:${id}`))
				.filter((e) => e.type === 'hackathon.phase')
				.map((e) => (e.payload as { phase: string; onTime: boolean }).phase);
			expect(phases).toEqual(['registration', 'hacking', 'judging', 'results']);
			const jobs = await testDb.db
				.select()
				.from(job)
				.where(like(job.key, `hackathon.phase:${id}:%`));
			expect(jobs.every((j) => j.state === 'done')).toBe(true);
		}
		const ran = runners.reduce((sum, r) => sum + r.stats().ran, 0);
		expect(ran).toBe(total * 4);
	}, 60_000);

	it('flags teams missing the cross-functional rule when hacking starts; an organiser may except one', async () => {
		const id = await openHackathon(cast.admin, { title: 'Flag hack' });
		const mixed = await createTeam(cast.sam, id, { name: 'Mixed' });
		await answerInvite(cast.pia, id, await inviteToTeam(cast.sam, id, mixed, cast.pia), true);
		const engineers = await createTeam(cast.erin, id, { name: 'Engineers only' });
		await advancePhase(cast.admin, id);
		const teams = await teamsOf(id);
		expect(teams.find((t) => t.id === mixed)!.flaggedAt).toBeNull();
		const flagged = teams.find((t) => t.id === engineers)!;
		expect(flagged.flaggedAt).not.toBeNull();
		expect(flagged.flagReason).toBe(
			'Missing: 2 departments (1 so far); Someone from Support; At least 2 people'
		);
		const [phaseEvent] = (await eventsOf(`hackathon:${id}`)).filter(
			(e) => e.type === 'hackathon.phase' && (e.payload as { phase: string }).phase === 'hacking'
		);
		expect(phaseEvent.payload).toMatchObject({ flaggedTeams: [engineers], onTime: false });

		const err = await refusal(makeException(cast.erin, id, engineers, 'We said so'));
		expect(err.message).toBe('Only the organisers of this hackathon can do that.');
		expect((await refusal(makeException(cast.admin, id, engineers, 'no'))).field).toBe('reason');
		await makeException(cast.admin, id, engineers, 'Support joins them on day two.');
		const [excepted] = (await teamsOf(id)).filter((t) => t.id === engineers);
		expect(excepted).toMatchObject({
			exceptionById: cast.admin,
			exceptionReason: 'Support joins them on day two.'
		});
	});

	it('moves early when an organiser advances it, bringing its time to now; only organisers may', async () => {
		const id = await createHackathon(cast.admin, hackathonInput({ title: 'Early hack' }));
		const err = await refusal(advancePhase(cast.sam, id));
		expect(err.message).toBe('Only the organisers of this hackathon can do that.');
		expect((await findHackathon(id)).phase).toBe('draft');
		const before = Date.now();
		expect(await advancePhase(cast.admin, id)).toBe('registration');
		const row = await findHackathon(id);
		expect(row.phase).toBe('registration');
		expect(row.registrationOpensAt.getTime()).toBeLessThanOrEqual(Date.now());
		expect(row.registrationOpensAt.getTime()).toBeGreaterThan(before - 5_000);
		// Its job is gone; the next phases' jobs wait for their times.
		const [cancelled] = await testDb.db
			.select()
			.from(job)
			.where(eq(job.key, phaseJobKey(id, 'registration')));
		expect(cancelled).toBeUndefined();
		for (let i = 0; i < 3; i++) await advancePhase(cast.admin, id);
		expect((await findHackathon(id)).phase).toBe('results');
		expect((await refusal(advancePhase(cast.admin, id))).message).toBe(
			'The results are out: there is no phase after them.'
		);
	});

	it('extends a deadline: the job moves, the page is told, the old time passes without a move', async () => {
		const at = (ms: number) => new Date(Date.now() + ms);
		const id = await createHackathon(
			cast.admin,
			hackathonInput({
				title: 'Extended hack',
				registrationOpensAt: at(-2_000),
				hackingStartsAt: at(-1_000),
				hackingEndsAt: at(600),
				judgingEndsAt: at(60_000)
			})
		);
		await advancePhase(cast.admin, id);
		await advancePhase(cast.admin, id);
		expect((await findHackathon(id)).phase).toBe('hacking');
		const later = new Date(Math.ceil((Date.now() + 30_000) / 1000) * 1000);

		// Refusals change nothing.
		const old = (await findHackathon(id)).hackingEndsAt;
		expect((await refusal(movePhaseTime(cast.sam, id, 'hackingEndsAt', later))).message).toBe(
			'Only the organisers of this hackathon can do that.'
		);
		expect((await refusal(movePhaseTime(cast.admin, id, 'hackingEndsAt', at(-60_000)))).field).toBe(
			'until'
		);
		expect(
			(await refusal(movePhaseTime(cast.admin, id, 'hackingEndsAt', at(120_000)))).message
		).toBe('Judging must end after hacking ends.');
		expect((await refusal(movePhaseTime(cast.admin, id, 'hackingStartsAt', later))).message).toBe(
			'Hacking starts has already passed.'
		);
		expect((await findHackathon(id)).hackingEndsAt).toEqual(old);

		await movePhaseTime(cast.admin, id, 'hackingEndsAt', later);
		expect((await findHackathon(id)).hackingEndsAt).toEqual(later);
		const [moved] = await testDb.db
			.select()
			.from(job)
			.where(eq(job.key, phaseJobKey(id, 'judging')));
		expect(moved).toMatchObject({ state: 'pending', dueAt: later });
		const events = (await eventsOf(`hackathon:${id}`)).filter(
			(e) => e.type === 'hackathon.rescheduled'
		);
		expect(events.map((e) => e.payload)).toEqual([
			{ hackathonId: id, which: 'hackingEndsAt', at: later.toISOString() }
		]);

		// The old deadline passes; the runner leaves the hackathon hacking.
		await new Promise((resolve) => setTimeout(resolve, 800));
		await createJobRunner().runDue();
		expect((await findHackathon(id)).phase).toBe('hacking');
	});

	it('keeps the list room told of new hackathons and phase changes', async () => {
		const id = await createHackathon(cast.admin, hackathonInput({ title: 'Listed hack' }));
		await advancePhase(cast.admin, id);
		const listed = (await eventsOf('hackathons')).filter(
			(e) => (e.payload as { hackathonId: number }).hackathonId === id
		);
		expect(listed.map((e) => e.type)).toEqual(['hackathon.created', 'hackathon.phase']);
		const [phases] = await testDb.db
			.select({ n: count() })
			.from(roomEvent)
			.where(and(eq(roomEvent.room, `hackathon:${id}`), eq(roomEvent.type, 'hackathon.phase')));
		expect(Number(phases.n)).toBe(1);
	});
});

// The demo workspace's demos: a past one with its recording, comment log, questions and
// chapters, and an upcoming one in the fortnightly series. The past session is run
// through the services (scheduled, live, ended) and then moved back in time, so its
// points and badges are real; its log is written with the offsets a real session had.
import { eq, sql } from 'drizzle-orm';
import { demoSchema } from '$lib/demos/schemas';
import { useDb } from '../db/client';
import { storeMediaFile } from '../media';
import { addChapter } from './replay';
import { markQuestion, voteQuestion } from './log';
import { DEMO_RECORDING } from './recording';
import { seedRecording } from './seed-recording';
import { endDemo, goLive, scheduleDemo, setRecording } from './service';
import { demo, demoAttendance, demoComment } from './schema';

const day = 86_400_000;
const minute = 60_000;
const SERIES = 'Product demo, every other Thursday';

/** The next Thursday at 15:00 UTC at least `days` away. */
function thursdayAfter(days: number): Date {
	const at = new Date(Date.now() + days * day);
	at.setUTCHours(15, 0, 0, 0);
	while (at.getUTCDay() !== 4) at.setUTCDate(at.getUTCDate() + 1);
	return at;
}

const LOG: [person: string, seconds: number, body: string, question?: boolean][] = [
	['Maya Okafor', 12, 'Audio is clear, screen is readable 👍'],
	['Chen Wei', 48, 'Is the new routing rule per team or per workspace?', true],
	['Sam Rivera', 95, 'This will save our tier-2 folks so much time'],
	['Jordan Lee', 140, 'Can customers see the suggested answer before an agent sends it?', true],
	['Aiko Tanaka', 188, 'The **macro preview** is lovely'],
	[
		'Fatima Zahra',
		230,
		'What happens to tickets already in the queue when the rule changes?',
		true
	],
	['Maya Okafor', 262, 'Search felt slow on that last query — is that the demo data?'],
	['Tomás García', 301, 'Love the keyboard shortcuts'],
	['Chen Wei', 344, 'Will this ship behind a feature flag?', true],
	['Sam Rivera', 410, 'Thanks all, great demo!']
];

export async function seedDemoSessions(people: Map<string, number>): Promise<void> {
	const id = (name: string) => people.get(name)!;
	const priya = id('Priya Natarajan');
	const lukas = id('Lukas Becker');
	const base = {
		description:
			'What is new in the **support console**: routing rules, suggested answers and macro previews. Questions welcome at any time.',
		lengthMinutes: 30,
		meetingUrl: 'https://meet.example.com/tandem-demo',
		series: SERIES,
		everyWeeks: 2
	};

	const pastId = await scheduleDemo(
		priya,
		demoSchema.parse({
			...base,
			title: 'Smarter ticket routing',
			feature: 'Support console 4.2',
			presenterIds: [priya, lukas],
			startsAt: new Date(Date.now() + day)
		})
	);
	await goLive(priya, pastId);
	// Moved back to two weeks ago: the session ran for eight minutes then.
	const startedAt = new Date(thursdayAfter(-14).getTime());
	await useDb()
		.update(demo)
		.set({ startsAt: startedAt, wentLiveAt: startedAt })
		.where(eq(demo.id, pastId));
	const commentIds: number[] = [];
	for (const [name, seconds, body, question] of LOG) {
		const [row] = await useDb()
			.insert(demoComment)
			.values({
				demoId: pastId,
				authorId: id(name),
				kind: question ? 'question' : 'comment',
				body,
				offsetMs: seconds * 1000,
				live: true,
				createdAt: new Date(startedAt.getTime() + seconds * 1000)
			})
			.returning({ id: demoComment.id });
		commentIds.push(row.id);
		await useDb()
			.insert(demoAttendance)
			.values({ demoId: pastId, personId: id(name), joinedAt: startedAt })
			.onConflictDoNothing();
	}
	const [, routingQuestion, , customersQuestion] = commentIds;
	await voteQuestion(id('Maya Okafor'), routingQuestion);
	await voteQuestion(id('Sam Rivera'), routingQuestion);
	await voteQuestion(id('Chen Wei'), customersQuestion);
	await markQuestion(priya, routingQuestion, 'answered', true);
	await markQuestion(priya, routingQuestion, 'helpful', true);
	await markQuestion(priya, customersQuestion, 'pinned', true);
	await addChapter(priya, pastId, { title: 'Routing rules', at: 30 });
	await addChapter(priya, pastId, { title: 'Suggested answers', at: 130 });
	await addChapter(lukas, pastId, { title: 'Macro previews and shortcuts', at: 180 });
	await endDemo(priya, pastId);
	await useDb()
		.update(demo)
		.set({ endedAt: sql`${new Date(startedAt.getTime() + 8 * minute).toISOString()}::timestamptz` })
		.where(eq(demo.id, pastId));
	// The recording goes through the media capability like an upload (checked, stored),
	// and is linked here: the seed may run before the media purposes are registered.
	const recording = await storeMediaFile({
		ownerId: priya,
		purpose: DEMO_RECORDING,
		bytes: seedRecording(),
		meta: { demoId: String(pastId), source: 'seed' },
		durationMs: 8 * minute
	});
	await setRecording(priya, pastId, { mediaId: recording.id, offsetMs: 0 });

	await scheduleDemo(
		lukas,
		demoSchema.parse({
			...base,
			title: 'Escalation timelines',
			feature: 'Escalations 2.0',
			description:
				'A first look at **escalation timelines**: every hand-off between support and engineering on one line.',
			presenterIds: [lukas, id('Aiko Tanaka')],
			startsAt: thursdayAfter(1)
		})
	);
}

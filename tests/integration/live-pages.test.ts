// Every live page's load, run for real against the database: it declares the dependency
// key of the room it follows (`liveDependency(room)`, the very key `reloadOnRoomEvents`
// and the incremental pages invalidate for that room), reads its position in that same
// room, and re-run after an event there it has moved past it and shows the change.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveDependency, type RoomName } from '../../src/lib/realtime/contract';
import { validateSessionToken, type SessionPerson } from '../../src/lib/server/auth';
import { boardOf, createBash, commentOnBug, logBug } from '../../src/lib/server/bugbash';
import { commentOnEscalation, openEscalation } from '../../src/lib/server/escalations';
import { addValue } from '../../src/lib/server/kudos';
import { grantRecognition } from '../../src/lib/server/ledger';
import { registerModules } from '../../src/lib/server/modules';
import { person } from '../../src/lib/server/org';
import { latestSeq } from '../../src/lib/server/realtime';
import { createReward } from '../../src/lib/server/rewards';
import { bashSchema } from '../../src/lib/bugbash/schemas';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson } from '../helpers/ledger';
import { sessionCookie } from '../helpers/realtime';
import { bugReport, escalationReport, liveCheckoutBash } from '../helpers/reports';
import * as layout from '../../src/routes/(app)/+layout.server';
import * as bashList from '../../src/routes/(app)/bugbash/+page.server';
import * as board from '../../src/routes/(app)/bugbash/[id=id]/+page.server';
import * as bugPage from '../../src/routes/(app)/bugbash/[id=id]/bugs/[bugId=id]/+page.server';
import * as tv from '../../src/routes/(app)/bugbash/[id=id]/tv/+page.server';
import * as summary from '../../src/routes/(app)/bugbash/[id=id]/summary/+page.server';
import * as escalationList from '../../src/routes/(app)/escalations/+page.server';
import * as escalationPage from '../../src/routes/(app)/escalations/[id=id]/+page.server';
import * as peoplePage from '../../src/routes/(app)/people/+page.server';
import * as workspacePage from '../../src/routes/(app)/admin/workspace/+page.server';
import * as bashApprovals from '../../src/routes/(app)/admin/bashes/+page.server';
import { assignTeam, createTeam, listDepartments, updateTeam } from '../../src/lib/server/org';
import { saveWorkspaceSettings } from '../../src/lib/server/workspace';
import * as kudosWall from '../../src/routes/(app)/kudos/+page.server';
import * as rewardsPage from '../../src/routes/(app)/rewards/+page.server';
import * as adminRewards from '../../src/routes/(app)/admin/rewards/+page.server';
import * as leaderboard from '../../src/routes/(app)/leaderboard/+page.server';

type Data = Record<string, unknown> & { after?: number };
type Load = (event: never) => Promise<unknown>;

let testDb: TestDatabase;
let cast: Awaited<ReturnType<typeof liveCheckoutBash>>;
let admin: number;

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	cast = await liveCheckoutBash(testDb);
	admin = await addPerson(testDb, 'Ada Admin');
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
});
afterAll(async () => {
	await testDb?.destroy();
});

/** The signed-in person as hooks.server.ts puts them in `locals`. */
async function signedIn(personId: number): Promise<SessionPerson> {
	const { cookie } = await sessionCookie(personId);
	const validated = await validateSessionToken(decodeURIComponent(cookie.split('=')[1]));
	return validated!.person;
}

/** Runs a page's load as SvelteKit would, noting what it declared it depends on. */
async function runLoad(load: Load, who: SessionPerson, path: string, params = {}) {
	const depends: string[] = [];
	const event = {
		locals: { person: who },
		params,
		url: new URL(`http://localhost${path}`),
		depends: (...keys: string[]) => depends.push(...keys)
	};
	const data = (await load(event as never)) as Data;
	return { data, depends };
}

interface LivePage {
	page: string;
	load: Load;
	room: () => RoomName;
	path: () => string;
	params?: () => Record<string, string>;
	viewer?: () => number;
	/** The data's position in the room (most pages answer it as `after`). */
	position?: (data: Data) => number;
	/** Something happens in the room: answers what the page now shows because of it. */
	change: () => Promise<(data: Data) => boolean>;
}

const bashPath = () => `/bugbash/${cast.bashId}`;
const bashParams = () => ({ id: String(cast.bashId) });
let bugId: number;
let escalationId: number;

const pages: LivePage[] = [
	{
		page: 'the layout (notification tray)',
		load: layout.load as Load,
		room: () => `user:${cast.agent}`,
		path: () => '/',
		viewer: () => cast.agent,
		position: (data) => (data.inbox as { seq: number }).seq,
		change: async () => {
			await commentOnBug(cast.organiser, bugId, 'Can you attach the console log?');
			return (data) => (data.inbox as { unread: number }).unread > 0;
		}
	},
	{
		page: 'the layout (workspace name)',
		load: layout.load as Load,
		room: () => 'workspace',
		path: () => '/',
		viewer: () => cast.agent,
		position: (data) => (data.workspace as { after: number }).after,
		change: async () => {
			await saveWorkspaceSettings(admin, { name: 'Acme Support', timeZone: 'Europe/Berlin' });
			return (data) => (data.workspace as { name: string }).name === 'Acme Support';
		}
	},
	{
		page: 'workspace settings',
		load: workspacePage.load as Load,
		room: () => 'workspace',
		path: () => '/admin/workspace',
		viewer: () => admin,
		change: async () => {
			await saveWorkspaceSettings(admin, { name: 'Acme Help', timeZone: 'Asia/Tokyo' });
			return (data) =>
				(data.settingsForm as { data: { timeZone: string } }).data.timeZone === 'Asia/Tokyo';
		}
	},
	{
		page: 'the people directory',
		load: peoplePage.load as Load,
		room: () => 'org',
		path: () => '/people',
		viewer: () => cast.agent,
		change: async () => {
			const [first] = await listDepartments();
			const teamId = await createTeam(admin, 'Night Shift', first.id);
			await assignTeam(admin, cast.agent, teamId);
			await updateTeam(admin, teamId, 'Night Owls', first.id);
			return (data) =>
				(data.people as { id: number; teamName: string | null }[]).some(
					(p) => p.id === cast.agent && p.teamName === 'Night Owls'
				);
		}
	},
	{
		page: 'bash approvals',
		load: bashApprovals.load as Load,
		room: () => 'bugbashes',
		path: () => '/admin/bashes',
		viewer: () => admin,
		change: async () => {
			const hour = 3_600_000;
			const input = bashSchema.parse({
				title: 'Generous bash',
				feature: 'Search',
				startsAt: new Date(Date.now() + hour),
				endsAt: new Date(Date.now() + 2 * hour),
				scoring: { critical: 100, firstBonus: 100 }
			});
			await createBash(cast.organiser, input);
			return (data) =>
				(data.pending as { title: string }[]).some((b) => b.title === 'Generous bash');
		}
	},
	{
		page: 'the list of bashes',
		load: bashList.load as Load,
		room: () => 'bugbashes',
		path: () => '/bugbash',
		change: async () => {
			const hour = 3_600_000;
			const input = bashSchema.parse({
				title: 'Search bash',
				feature: 'Search',
				startsAt: new Date(Date.now() + hour),
				endsAt: new Date(Date.now() + 2 * hour)
			});
			await createBash(cast.organiser, input);
			return (data) =>
				(data.upcoming as { title: string }[]).some((b) => b.title === 'Search bash');
		}
	},
	...[
		{ page: 'the board', load: board.load as Load, path: bashPath },
		{ page: 'TV mode', load: tv.load as Load, path: () => `${bashPath()}/tv` }
	].map((p) => ({
		...p,
		room: () => `bugbash:${cast.bashId}` as const,
		params: bashParams,
		change: async () => {
			const title = `Logged for ${p.page}`;
			await logBug(cast.agent, cast.bashId, bugReport(title));
			return (data: Data) => (data.bugs as { title: string }[]).some((b) => b.title === title);
		}
	})),
	{
		page: 'the summary',
		load: summary.load as Load,
		room: () => `bugbash:${cast.bashId}`,
		path: () => `${bashPath()}/summary`,
		params: bashParams,
		change: async () => {
			await logBug(cast.engineer, cast.bashId, bugReport('Counted in the summary'));
			const total = (await boardOf(cast.bashId)).length;
			return (data) => (data.summary as { total: number }).total === total;
		}
	},
	{
		page: 'a bug',
		load: bugPage.load as Load,
		room: () => `bugbash:${cast.bashId}`,
		path: () => `${bashPath()}/bugs/${bugId}`,
		params: () => ({ ...bashParams(), bugId: String(bugId) }),
		change: async () => {
			await commentOnBug(cast.engineer, bugId, 'Seen it on Safari too.');
			return (data) => JSON.stringify(data).includes('Seen it on Safari too.');
		}
	},
	{
		page: 'the escalations',
		load: escalationList.load as Load,
		room: () => 'escalations',
		path: () => '/escalations',
		change: async () => {
			await openEscalation(cast.agent, escalationReport('Invoices time out'));
			return (data) => JSON.stringify(data.escalations).includes('Invoices time out');
		}
	},
	{
		page: 'an escalation',
		load: escalationPage.load as Load,
		room: () => `escalation:${escalationId}`,
		path: () => `/escalations/${escalationId}`,
		params: () => ({ id: String(escalationId) }),
		change: async () => {
			await commentOnEscalation(cast.engineer, escalationId, 'Looking into it.');
			return (data) => JSON.stringify(data.thread).includes('Looking into it.');
		}
	},
	{
		page: 'the kudos wall',
		load: kudosWall.load as Load,
		room: () => 'kudos',
		path: () => '/kudos',
		change: async () => {
			await addValue(admin, { name: 'Own the outcome', description: 'See it through.' });
			return (data) => JSON.stringify(data.values).includes('Own the outcome');
		}
	},
	...[
		{
			page: 'rewards',
			load: rewardsPage.load as Load,
			path: () => '/rewards',
			viewer: () => admin
		},
		{
			page: 'the admins’ rewards',
			load: adminRewards.load as Load,
			path: () => '/admin/rewards',
			viewer: () => admin
		}
	].map((p) => ({
		...p,
		room: () => 'rewards' as const,
		change: async () => {
			const title = `Lunch with the team (${p.page})`;
			await createReward(admin, { title, description: '', cost: 50, stock: null, active: true });
			return (data: Data) => JSON.stringify(data.rewards).includes(title);
		}
	})),
	{
		page: 'the leaderboard',
		load: leaderboard.load as Load,
		room: () => 'leaderboard',
		path: () => '/leaderboard?board=person&period=all',
		viewer: () => cast.agent,
		change: async () => {
			const grant = { grantId: crypto.randomUUID(), personId: cast.agent, points: 30 };
			await grantRecognition({ ...grant, reason: 'Calm on launch day', actorId: admin });
			return (data) => (data.mine as { points: number } | null)?.points === 30;
		}
	}
];

describe('live pages', () => {
	beforeAll(async () => {
		bugId = (await logBug(cast.agent, cast.bashId, bugReport('Pay button does nothing'))).bugId;
		escalationId = (await openEscalation(cast.agent, escalationReport('PDF export fails')))
			.escalationId;
	});

	it.each(pages.map((p) => [p.page, p] as const))(
		'%s depends on its room’s key and reloads past an event there',
		async (_name, page) => {
			const who = await signedIn(page.viewer?.() ?? cast.organiser);
			const room = page.room();
			const position = page.position ?? ((data: Data) => data.after!);
			const params = page.params?.() ?? {};

			const before = await runLoad(page.load, who, page.path(), params);
			expect(before.depends).toContain(liveDependency(room));
			expect(position(before.data)).toBe(await latestSeq(room));

			const shows = await page.change();
			expect(shows(before.data)).toBe(false);
			// What invalidating liveDependency(room) does: the load runs again.
			const after = await runLoad(page.load, who, page.path(), params);
			expect(after.depends).toContain(liveDependency(room));
			expect(position(after.data)).toBeGreaterThan(position(before.data));
			expect(position(after.data)).toBe(await latestSeq(room));
			expect(shows(after.data)).toBe(true);
		}
	);
});

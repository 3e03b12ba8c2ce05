// The demo workspace's hackathons: one in its hacking phase with teams (one of them
// flagged for missing the cross-functional rule), ideas and people looking for a team,
// and one in the past whose teams are kept (its winners come with judging). Phases are
// advanced by hand; times already past stay as they are, so the story's dates hold.
import { hackathonSchema, type HackathonInput } from '$lib/hackathons/schemas';
import { listEscalations } from '../escalations';
import { postIdea, lookForTeam } from './ideas';
import { advancePhase, createHackathon } from './service';
import { answerInvite, inviteToTeam, requestToJoin } from './invitations';
import { createTeam } from './teams';
import { useDb } from '../db/client';
import { voteForProject } from './peoples-choice';
import { revealResults } from './results';
import { hackathonChallenge, hackathonSubmission, hackathonSubmissionVersion } from './schema';
import { eq } from 'drizzle-orm';

const day = 86_400_000;

function demoHackathon(title: string, theme: string, startsInDays: number): HackathonInput {
	const at = (days: number) => new Date(Date.now() + days * day);
	return hackathonSchema.parse({
		title,
		theme,
		description:
			'Two days to build something that makes a **customer’s day** better, in teams that mix _support, product and engineering_.',
		rules:
			'Teams of 2–5 people from at least two departments, one of them Support.\nDemos are 3 minutes; code and slides are linked from the submission.',
		challenges: [
			{ title: 'Faster answers', isCategory: true },
			{ title: 'Fewer escalations', isCategory: true },
			{ title: 'Delight', isCategory: false }
		],
		prizes: [
			{ category: null, title: 'Grand prize', description: 'Best project overall', points: 300 },
			{ category: 'Faster answers', title: 'Quickest fix', points: 150 },
			{ category: 'Fewer escalations', title: 'Escalation slayer', points: 150 }
		],
		teamSizeMin: 2,
		teamSizeMax: 5,
		minDepartments: 2,
		requiredDepartmentKind: 'support',
		judgingMode: 'both',
		criteria: [
			{ name: 'Customer impact', weight: 3 },
			{ name: 'Execution', weight: 2 },
			{ name: 'Cross-functional collaboration', weight: 2 }
		],
		peoplesChoice: true,
		votesPerPerson: 3,
		registrationOpensAt: at(startsInDays - 5),
		hackingStartsAt: at(startsInDays),
		hackingEndsAt: at(startsInDays + 2),
		judgingEndsAt: at(startsInDays + 4)
	});
}

/** A team with its captain and members (joined through an invitation each). */
async function team(
	captain: number,
	hackathonId: number,
	name: string,
	members: number[],
	ideaId = 0
) {
	const teamId = await createTeam(captain, hackathonId, { name, ideaId });
	for (const member of members) {
		await answerInvite(
			member,
			hackathonId,
			await inviteToTeam(captain, hackathonId, teamId, member),
			true
		);
	}
	return teamId;
}

export async function seedDemoHackathons(people: Map<string, number>): Promise<void> {
	const id = (name: string) => people.get(name)!;
	const alex = id('Alex Admin');

	// Past: its teams formed, hacking, judging and results all behind it.
	const past = await createHackathon(
		alex,
		demoHackathon('Spring Support Hack', 'Self-service', -40)
	);
	await advancePhase(alex, past);
	const deflectors = await team(id('Sam Rivera'), past, 'Deflectors', [
		id('Chen Wei'),
		id('Tomás García')
	]);
	const radar = await team(id('Jordan Lee'), past, 'Renewal Radar', [
		id('Maya Okafor'),
		id('Aiko Tanaka')
	]);
	await advancePhase(alex, past); // hacking
	await pastWinners(past, alex, [deflectors, radar], [id('Priya Natarajan'), id('Lukas Becker')]);

	// Now hacking: ideas first, then teams, then hacking starts and flags the team that
	// misses the rule; two people are still looking for a team.
	const now = await createHackathon(
		alex,
		demoHackathon('Customer Delight Hack', 'Customer delight', -1)
	);
	await advancePhase(alex, now);
	const [first] = await listEscalations({});
	const ideaA = await postIdea(id('Sam Rivera'), now, {
		title: 'Suggested answers from past escalations',
		problem: 'Agents re-solve problems engineering already explained in an old escalation.',
		evidence: first ? `#${first.id}` : '',
		skills: 'Search, SQL, Svelte'
	});
	await postIdea(id('Fatima Zahra'), now, {
		title: 'One-click reproduction environment',
		problem: 'Reproducing a customer’s setup takes engineers half a day per escalation.',
		skills: 'Docker, scripting'
	});
	await postIdea(id('Jordan Lee'), now, {
		title: 'Churn early warning',
		problem: 'We hear about unhappy accounts only when they do not renew.',
		skills: 'Data, customer interviews'
	});
	const whisperers = await team(
		id('Priya Natarajan'),
		now,
		'Ticket Whisperers',
		[id('Chen Wei'), id('Maya Okafor')],
		ideaA
	);
	await team(id('Lukas Becker'), now, 'Pipeline Pals', [id('Aiko Tanaka')]);
	await advancePhase(alex, now);
	await requestToJoin(id('Fatima Zahra'), now, whisperers);
	await lookForTeam(id('Jordan Lee'), now, 'Customer interviews, SQL');
	await lookForTeam(id('Tomás García'), now, 'Figma, user research');
}

/**
 * The past hackathon's projects (written directly: their deadline is long gone), people's
 * votes while it was judged, and its revealed results, so its gallery and winners show.
 */
async function pastWinners(past: number, alex: number, teams: number[], voters: number[]) {
	const db = useDb();
	const challenges = await db
		.select()
		.from(hackathonChallenge)
		.where(eq(hackathonChallenge.hackathonId, past));
	const category = (title: string) => challenges.find((c) => c.title === title)!.id;
	const projects = [
		{
			title: 'Answer Autopilot',
			tagline: 'Suggested replies from solved tickets',
			category: 'Faster answers'
		},
		{
			title: 'Renewal Radar',
			tagline: 'Churn signals before renewal calls',
			category: 'Fewer escalations'
		}
	];
	const ids: number[] = [];
	for (const [i, project] of projects.entries()) {
		const fields = {
			title: project.title,
			tagline: project.tagline,
			description: `${project.tagline}, built in two days.`,
			categoryIds: [category(project.category)],
			demoUrl: 'https://video.example.com/spring-hack',
			savedById: alex
		};
		const [row] = await db
			.insert(hackathonSubmission)
			.values({ hackathonId: past, teamId: teams[i], ...fields })
			.returning({ id: hackathonSubmission.id });
		await db
			.insert(hackathonSubmissionVersion)
			.values({ submissionId: row.id, version: 1, ...fields });
		ids.push(row.id);
	}
	await advancePhase(alex, past); // judging
	for (const voter of voters) await voteForProject(voter, past, ids[0]);
	await advancePhase(alex, past); // results
	await revealResults(alex, past);
}

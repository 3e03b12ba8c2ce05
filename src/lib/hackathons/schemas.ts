// What the browser may know about hackathons: phases and their labels, and the zod
// schemas of every form (the service checks the same schemas again).
import { z } from 'zod';
import '$lib/validation';

export const PHASES = ['draft', 'registration', 'hacking', 'judging', 'results'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
	draft: 'Draft',
	registration: 'Registration',
	hacking: 'Hacking',
	judging: 'Judging',
	results: 'Results'
};

/** The time field at which each phase after draft begins. */
export const PHASE_STARTS = {
	registration: 'registrationOpensAt',
	hacking: 'hackingStartsAt',
	judging: 'hackingEndsAt',
	results: 'judgingEndsAt'
} as const;
export type PhaseTime = (typeof PHASE_STARTS)[keyof typeof PHASE_STARTS];
export const PHASE_TIMES = Object.values(PHASE_STARTS) as PhaseTime[];

/** What the countdown to each next phase says. */
export const NEXT_PHASE_LABELS: Record<PhaseTime, string> = {
	registrationOpensAt: 'Registration opens in',
	hackingStartsAt: 'Hacking starts in',
	hackingEndsAt: 'Submissions close in',
	judgingEndsAt: 'Results in'
};

export const PHASE_TIME_LABELS: Record<PhaseTime, string> = {
	registrationOpensAt: 'Registration opens',
	hackingStartsAt: 'Hacking starts',
	hackingEndsAt: 'Hacking ends (submission deadline)',
	judgingEndsAt: 'Judging ends (results)'
};

/** The phase after `phase`, or null after results. */
export function nextPhase(phase: Phase): Exclude<Phase, 'draft'> | null {
	const next = PHASES[PHASES.indexOf(phase) + 1];
	return (next as Exclude<Phase, 'draft'>) ?? null;
}

export const DEPARTMENT_KINDS = ['support', 'product', 'engineering', 'other'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];
export const DEPARTMENT_KIND_LABELS: Record<DepartmentKind, string> = {
	support: 'Support',
	product: 'Product',
	engineering: 'Engineering',
	other: 'Other'
};

export const JUDGING_MODES = ['rubric', 'pairwise', 'both'] as const;
export const JUDGING_MODE_LABELS: Record<(typeof JUDGING_MODES)[number], string> = {
	rubric: 'Rubric (criteria scored 1–5)',
	pairwise: 'Pairwise (which of two was better)',
	both: 'Both'
};

/** Prize points a member organiser may put up; admins may exceed it. */
export const PRIZE_POOL_LIMIT = 1_000;
/** The category name of prizes not tied to a challenge. */
export const OVERALL = 'Overall';

const title = z.string().trim().min(3, 'Give it a title of at least 3 characters.').max(120);

/** A hackathon as the service takes it. */
export const hackathonSchema = z
	.object({
		title,
		theme: z.string().trim().min(1, 'Say what the theme is.').max(200),
		description: z.string().trim().max(8000).default(''),
		rules: z.string().trim().max(8000).default(''),
		challenges: z
			.array(
				z.object({
					title: z.string().trim().min(1).max(120),
					isCategory: z.boolean().default(false)
				})
			)
			.max(20, 'List at most 20 challenges.')
			.default([]),
		prizes: z
			.array(
				z.object({
					category: z.string().trim().max(120).nullable().default(null),
					title: z.string().trim().min(1).max(120),
					description: z.string().trim().max(500).default(''),
					points: z.number().int().min(0).max(100_000)
				})
			)
			.max(30, 'List at most 30 prizes.')
			.default([]),
		teamSizeMin: z.number().int().min(1, 'A team has at least 1 person.').max(20),
		teamSizeMax: z.number().int().min(1).max(20, 'A team has at most 20 people.'),
		minDepartments: z.number().int().min(1).max(4, 'There are 4 kinds of department.'),
		requiredDepartmentKind: z.enum(DEPARTMENT_KINDS).nullable().default(null),
		judgingMode: z.enum(JUDGING_MODES).default('rubric'),
		criteria: z
			.array(
				z.object({
					name: z.string().trim().min(1).max(80),
					weight: z.number().int().min(1).max(100)
				})
			)
			.max(12, 'List at most 12 criteria.')
			.default([]),
		peoplesChoice: z.boolean().default(false),
		votesPerPerson: z.number().int().min(1, 'At least 1 vote.').max(10, 'At most 10 votes.'),
		registrationOpensAt: z.date({ error: 'Choose when registration opens.' }),
		hackingStartsAt: z.date({ error: 'Choose when hacking starts.' }),
		hackingEndsAt: z.date({ error: 'Choose when hacking ends.' }),
		judgingEndsAt: z.date({ error: 'Choose when judging ends.' })
	})
	.refine((h) => h.teamSizeMax >= h.teamSizeMin, {
		message: 'The largest team size cannot be below the smallest.',
		path: ['teamSizeMax']
	})
	.refine((h) => h.minDepartments <= h.teamSizeMax, {
		message: 'A team cannot span more departments than it has people.',
		path: ['minDepartments']
	})
	.refine((h) => h.hackingStartsAt >= h.registrationOpensAt, {
		message: 'Hacking starts after registration opens.',
		path: ['hackingStartsAt']
	})
	.refine((h) => h.hackingEndsAt > h.hackingStartsAt, {
		message: 'Hacking must end after it starts.',
		path: ['hackingEndsAt']
	})
	.refine((h) => h.judgingEndsAt > h.hackingEndsAt, {
		message: 'Judging ends after hacking ends.',
		path: ['judgingEndsAt']
	})
	.refine((h) => h.judgingMode === 'pairwise' || h.criteria.length > 0, {
		message: 'Rubric judging needs at least one criterion.',
		path: ['criteria']
	});
export type HackathonInput = z.output<typeof hackathonSchema>;

const whenField = (message: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, message);
const lines = (text: string) =>
	text
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean);

/** "Smoother onboarding *" → a challenge; a trailing * makes it a prize category. */
export function parseChallenges(text: string) {
	return lines(text).map((line) => {
		const isCategory = line.endsWith('*');
		return { title: (isCategory ? line.slice(0, -1) : line).trim().slice(0, 120), isCategory };
	});
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** "Category | Prize title | points | description" per line; "Overall" for no challenge. */
export function parsePrizes(text: string, categories: string[]): Parsed<HackathonInput['prizes']> {
	const known = new Map(categories.map((c) => [c.toLowerCase(), c]));
	const prizes: HackathonInput['prizes'] = [];
	for (const [i, line] of lines(text).entries()) {
		const [category = '', prizeTitle = '', points = '', ...rest] = line
			.split('|')
			.map((p) => p.trim());
		const where = `Line ${i + 1}`;
		if (!prizeTitle) return { ok: false, message: `${where}: write "Category | Title | points".` };
		if (!/^\d{1,6}$/.test(points)) {
			return { ok: false, message: `${where}: give the points as a whole number.` };
		}
		const overall = category === '' || category.toLowerCase() === OVERALL.toLowerCase();
		if (!overall && !known.has(category.toLowerCase())) {
			return {
				ok: false,
				message: `${where}: “${category}” is not a prize category (mark a challenge with *).`
			};
		}
		prizes.push({
			category: overall ? null : known.get(category.toLowerCase())!,
			title: prizeTitle.slice(0, 120),
			points: Number(points),
			description: rest.join(' | ').slice(0, 500)
		});
	}
	return { ok: true, value: prizes };
}

/** "Impact: 3" per line. */
export function parseCriteria(text: string): Parsed<HackathonInput['criteria']> {
	const criteria: HackathonInput['criteria'] = [];
	for (const [i, line] of lines(text).entries()) {
		const match = /^(.{1,80}?)\s*:\s*(\d{1,3})$/.exec(line);
		if (!match || Number(match[2]) < 1 || Number(match[2]) > 100) {
			return { ok: false, message: `Line ${i + 1}: write "Criterion: weight" (weight 1–100).` };
		}
		criteria.push({ name: match[1], weight: Number(match[2]) });
	}
	return { ok: true, value: criteria };
}

/** The "New hackathon" form as typed: lists one per line, times in the workspace zone. */
export const hackathonFormSchema = z
	.object({
		title,
		theme: z.string().trim().min(1, 'Say what the theme is.').max(200),
		description: z.string().trim().max(8000, 'Keep it under 8,000 characters.').default(''),
		rules: z.string().trim().max(8000, 'Keep it under 8,000 characters.').default(''),
		challenges: z.string().max(4000).default(''),
		prizes: z.string().max(6000).default(''),
		teamSizeMin: z.number().int('Whole people only.').min(1, 'At least 1.').max(20, 'At most 20.'),
		teamSizeMax: z.number().int('Whole people only.').min(1, 'At least 1.').max(20, 'At most 20.'),
		minDepartments: z.number().int().min(1, 'At least 1.').max(4, 'At most 4.'),
		requiredDepartmentKind: z.enum(['', ...DEPARTMENT_KINDS]).default(''),
		judgingMode: z.enum(JUDGING_MODES).default('rubric'),
		criteria: z.string().max(2000).default(''),
		peoplesChoice: z.boolean().default(false),
		votesPerPerson: z.number().int().min(1, 'At least 1 vote.').max(10, 'At most 10 votes.'),
		registrationOpensAt: whenField('Choose when registration opens.'),
		hackingStartsAt: whenField('Choose when hacking starts.'),
		hackingEndsAt: whenField('Choose when hacking ends.'),
		judgingEndsAt: whenField('Choose when judging ends.')
	})
	.superRefine((form, ctx) => {
		const challenges = parseChallenges(form.challenges);
		const titles = new Set(challenges.map((c) => c.title.toLowerCase()));
		if (titles.size < challenges.length) {
			ctx.addIssue({ code: 'custom', message: 'Each challenge once.', path: ['challenges'] });
		}
		const categories = challenges.filter((c) => c.isCategory).map((c) => c.title);
		const prizes = parsePrizes(form.prizes, categories);
		if (!prizes.ok) ctx.addIssue({ code: 'custom', message: prizes.message, path: ['prizes'] });
		const criteria = parseCriteria(form.criteria);
		if (!criteria.ok)
			ctx.addIssue({ code: 'custom', message: criteria.message, path: ['criteria'] });
	});
export type HackathonForm = z.output<typeof hackathonFormSchema>;

/** The form's lists parsed into the service's shape (times converted by the caller). */
export function hackathonFromForm(form: HackathonForm, times: Record<PhaseTime, Date | null>) {
	const challenges = parseChallenges(form.challenges);
	const categories = challenges.filter((c) => c.isCategory).map((c) => c.title);
	const prizes = parsePrizes(form.prizes, categories);
	const criteria = parseCriteria(form.criteria);
	return hackathonSchema.safeParse({
		...form,
		requiredDepartmentKind: form.requiredDepartmentKind || null,
		challenges,
		prizes: prizes.ok ? prizes.value : [],
		criteria: criteria.ok ? criteria.value : [],
		...times
	});
}

/** Skills typed as "SQL, design, Svelte": trimmed, without repeats, at most 12. */
export function splitSkills(text: string): string[] {
	const skills = text
		.split(/[\n,]/)
		.map((s) => s.trim().slice(0, 40))
		.filter(Boolean);
	return [...new Set(skills)].slice(0, 12);
}

/** "#12, 15" → [12, 15]: the escalations an idea cites. */
export function splitEscalationIds(text: string): number[] | null {
	const parts = text
		.split(/[\s,]+/)
		.map((p) => p.replace(/^#/, ''))
		.filter(Boolean);
	if (!parts.every((p) => /^\d{1,9}$/.test(p))) return null;
	return [...new Set(parts.map(Number))];
}

export const ideaSchema = z.object({
	title,
	problem: z.string().trim().min(10, 'Describe the problem in a sentence or two.').max(4000),
	evidence: z
		.string()
		.max(200)
		.default('')
		.refine((t) => splitEscalationIds(t) !== null, 'List escalation numbers, like #12, #15.'),
	skills: z.string().max(500).default('')
});

export const freeAgentSchema = z.object({
	skills: z.string().trim().min(2, 'Say what you bring, like “SQL, design”.').max(500)
});

export const teamSchema = z.object({
	name: z
		.string()
		.trim()
		.min(2, 'Give the team a name.')
		.max(60, 'Keep the name under 60 characters.'),
	ideaId: z.number().int().min(0).default(0)
});

export const joinRequestSchema = z.object({
	message: z.string().trim().max(500, 'Keep it under 500 characters.').default('')
});

export const inviteSchema = z.object({
	personId: z.number({ error: 'Choose who to invite.' }).int().min(1, 'Choose who to invite.')
});

export const extendSchema = z.object({
	which: z.enum(PHASE_TIMES as [PhaseTime, ...PhaseTime[]], { error: 'Choose which time moves.' }),
	until: whenField('Choose the new time.')
});

export const exceptionSchema = z.object({
	reason: z.string().trim().min(5, 'Say why this team may submit anyway.').max(500)
});

export const grantSchema = z.object({
	personId: z.number({ error: 'Choose a colleague.' }).int().min(1, 'Choose a colleague.')
});

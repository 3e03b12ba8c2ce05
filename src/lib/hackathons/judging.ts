// What the browser may know about submissions and judging: the zod schemas of their forms
// (the service checks the same schemas again) and small shared labels.
import { z } from 'zod';

/** An http(s) address, or nothing. */
const link = (what: string) =>
	z
		.string()
		.trim()
		.max(500, `Keep the ${what} under 500 characters.`)
		.refine((value) => value === '' || /^https?:\/\/[^\s]+$/i.test(value), {
			message: `Give the ${what} as an http(s) address.`
		})
		.default('');

/** A submission as the team's form sends it. */
export const submissionSchema = z.object({
	title: z.string().trim().min(3, 'Give the project a title of at least 3 characters.').max(120),
	tagline: z.string().trim().max(160, 'Keep the tagline under 160 characters.').default(''),
	description: z.string().trim().max(8000, 'Keep the description under 8,000 characters.'),
	challengeId: z.number().int().min(0).default(0),
	categoryIds: z.array(z.number().int().min(1)).max(20).default([]),
	repositoryUrl: link('repository link'),
	demoUrl: link('demo link'),
	whoDidWhat: z
		.string()
		.trim()
		.max(4000, 'Keep “who did what” under 4,000 characters.')
		.default(''),
	screenshots: z.array(z.instanceof(File)).default([])
});
export type SubmissionInput = Omit<z.input<typeof submissionSchema>, 'screenshots'>;

/** An organiser picks a judge. */
export const judgeSchema = z.object({
	personId: z.number({ error: 'Choose a colleague.' }).int().min(1, 'Choose a colleague.')
});

/** A conflict: a judge (the one declaring, when left empty) and a team. */
export const conflictSchema = z.object({
	judgeId: z.number().int().min(0).default(0),
	teamId: z.number({ error: 'Choose a team.' }).int().min(1, 'Choose a team.'),
	reason: z.string().trim().max(300, 'Keep the reason under 300 characters.').default('')
});

/** Organisers' assignment setting: at least k judges per submission. */
export const assignSchema = z.object({
	judgesPerSubmission: z
		.number({ error: 'Say how many judges each project gets.' })
		.int()
		.min(1, 'At least 1 judge per project.')
		.max(20, 'At most 20 judges per project.')
});

export const SCORES = [1, 2, 3, 4, 5] as const;

/** A judge's scores of one submission: per criterion 1–5 and a note. */
export const scoreSchema = z.object({
	scores: z
		.array(
			z.object({
				criterionId: z.number().int().min(1),
				score: z
					.number({ error: 'Score every criterion from 1 to 5.' })
					.int()
					.min(1, 'Score every criterion from 1 to 5.')
					.max(5, 'Score every criterion from 1 to 5.'),
				note: z.string().trim().max(1000, 'Keep each note under 1,000 characters.').default('')
			})
		)
		.min(1, 'Score every criterion from 1 to 5.')
		.max(12)
});
export type ScoreInput = z.input<typeof scoreSchema>;

/** Skipping a project in pairwise judging: the judge says why. */
export const skipSchema = z.object({
	reason: z
		.string()
		.trim()
		.min(3, 'Say why you skip this project (at least 3 characters).')
		.max(300, 'Keep the reason under 300 characters.')
});

/** Pairwise: the project in front of the judge against the one before. */
export const PAIRWISE_VERDICTS = ['better', 'worse'] as const;

const weight = (what: string) =>
	z
		.number({ error: `Give the ${what} weight as a number.` })
		.int(`Give the ${what} weight as a whole number.`)
		.min(0, 'Weights are 0 or more.')
		.max(100, 'Weights are at most 100.');

/** The final ranking's weights over the three judgements (normalised when ranking). */
export const weightsSchema = z
	.object({
		rubric: weight('rubric'),
		pairwise: weight('pairwise'),
		peoplesChoice: weight('people’s choice')
	})
	.refine((w) => w.rubric + w.pairwise + w.peoplesChoice > 0, {
		message: 'At least one weight must be above 0.',
		path: ['rubric']
	});
export type WeightsInput = z.input<typeof weightsSchema>;

/** How long each winner stays alone on the big screen before the next is revealed. */
export const REVEAL_STEP_MS = 2500;

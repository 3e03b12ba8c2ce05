// The reactions people may leave on things (kudos today): a fixed small set. No imports,
// so the database schema can share the list.

export const REACTION_KINDS = ['heart', 'clap', 'tada', 'rocket', 'star'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];

export const REACTION_LABELS: Record<ReactionKind, string> = {
	heart: 'Love',
	clap: 'Applause',
	tada: 'Celebrate',
	rocket: 'Rocket',
	star: 'Star'
};

export const REACTION_SYMBOLS: Record<ReactionKind, string> = {
	heart: '❤️',
	clap: '👏',
	tada: '🎉',
	rocket: '🚀',
	star: '⭐'
};

export function isReactionKind(value: unknown): value is ReactionKind {
	return typeof value === 'string' && (REACTION_KINDS as readonly string[]).includes(value);
}

/** `<subject kind>.reacted` (e.g. `kudos.reacted`): counts changed on one subject. */
export interface ReactedPayload {
	subjectKind: string;
	subjectId: number;
	counts: Partial<Record<ReactionKind, number>>;
}

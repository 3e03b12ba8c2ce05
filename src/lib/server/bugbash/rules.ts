// What a bash may pay: pure rules shared by creation, triage and the approval queue.
import type { BashScoring } from './schema';

/** The workspace's caps on what a member's bash pays without an admin's approval. */
export interface BashCaps {
	bashPointsCap: number;
	bashFirstBonusCap: number;
}

const NO_POINTS: BashScoring = {
	critical: 0,
	high: 0,
	medium: 0,
	low: 0,
	duplicate: 0,
	firstBonus: 0
};

/** The most a bash pays for one bug (the duplicate confirmation included). */
export function mostPerBug(scoring: BashScoring): number {
	return Math.max(scoring.critical, scoring.high, scoring.medium, scoring.low, scoring.duplicate);
}

/** Whether a bash's scoring pays more than the caps allow without approval. */
export function exceedsCaps(scoring: BashScoring, caps: BashCaps): boolean {
	return mostPerBug(scoring) > caps.bashPointsCap || scoring.firstBonus > caps.bashFirstBonusCap;
}

/** The scoring lowered to the caps (what a declined bash pays). */
export function cappedScoring(scoring: BashScoring, caps: BashCaps): BashScoring {
	const cap = (points: number) => Math.min(points, caps.bashPointsCap);
	return {
		critical: cap(scoring.critical),
		high: cap(scoring.high),
		medium: cap(scoring.medium),
		low: cap(scoring.low),
		duplicate: cap(scoring.duplicate),
		firstBonus: Math.min(scoring.firstBonus, caps.bashFirstBonusCap)
	};
}

/**
 * What triage pays: nothing while the bash awaits approval, otherwise its scoring (a
 * declined bash's scoring was lowered to the caps when it was declined).
 */
export function paidScoring(bash: {
	scoring: BashScoring;
	approval: 'approved' | 'pending' | 'declined';
}): BashScoring {
	return bash.approval === 'pending' ? NO_POINTS : bash.scoring;
}

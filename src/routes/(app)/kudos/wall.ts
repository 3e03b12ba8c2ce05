// What the kudos page knows about a card in the browser (dates arrive as Date or string).
export interface WallCard {
	id: number;
	message: string;
	points: number;
	crossDepartment: boolean;
	createdAt: Date | string;
	hiddenAt: Date | string | null;
	hiddenReason: string | null;
	giverId: number;
	giverName: string;
	giverDepartment: string | null;
	valueId: number;
	valueName: string;
	teamName: string | null;
	recipients: { id: number; name: string; departmentId: number | null; teamId: number | null }[];
	reactions: {
		emoji: 'heart' | 'clap' | 'tada' | 'rocket' | 'star';
		count: number;
		mine: boolean;
	}[];
	plusOnes: { personId: number; name: string; points: number }[];
}

export interface ActiveFilters {
	valueId?: number;
	personId?: number;
	teamId?: number;
	departmentId?: number;
	acrossOnly?: boolean;
}

/**
 * Whether a card that just arrived can be placed on the wall as filtered now without
 * asking the server: true or false for value and across-departments filters, null when a
 * person, team or department filter needs the server's answer.
 */
export function belongsOnWall(card: WallCard, f: ActiveFilters): boolean | null {
	if (f.personId || f.teamId || f.departmentId) return null;
	if (f.valueId && card.valueId !== f.valueId) return false;
	if (f.acrossOnly && !card.crossDepartment) return false;
	return true;
}

// What a reaction may be: one of the fixed kinds declared in $lib/reactions/kinds.
import { isReactionKind, type ReactionKind } from '$lib/reactions/kinds';
import { ServiceError } from '../errors';

export function checkedKind(kind: unknown): ReactionKind {
	if (!isReactionKind(kind)) throw new ServiceError('Choose one of the reactions.', 'kind');
	return kind;
}

// Reactions, a platform capability: the only file other code imports. The owner module
// (kudos) checks the subject may be reacted to, then toggles inside its transaction.
export * from './events';
export { toggleReactionIn } from './service';
export { reactionsOn, reactionCounts, type ReactionGroup } from './queries';
export { checkedKind } from './rules';

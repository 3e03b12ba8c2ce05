// Comment threads, a platform capability: the only file other code imports. An owner
// module (bug bash, escalations) checks who may write its thread, then calls these inside
// its own transaction; see docs/modules.md, "Comments and reactions".
export * from './events';
export { addCommentIn, editCommentIn, deleteCommentIn, type ParticipantsNotice } from './service';
export { threadOf, commentCounts, commentCountSql, shownFrom } from './queries';
export { mayEdit, mayDelete, type CommentActor } from './rules';
export { mentionedPeople } from './mentions';
export { commentActions, type ThreadWrites, type ThreadFormResult } from './actions';

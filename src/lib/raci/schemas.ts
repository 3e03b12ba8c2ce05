// The RACI forms' schemas: a new activity names who is accountable and who does it (a
// department or a team column, by its column key); a team becomes a column of its own.
import { z } from 'zod';
import { idField } from '$lib/ids';

/** A column of the matrix as a form posts it: `dept-<id>` or `team-<id>`. */
const columnField = (message: string) =>
	z.string({ error: message }).regex(/^(dept|team)-[1-9]\d{0,9}$/, message);

export const raciActivitySchema = z.object({
	name: z
		.string()
		.trim()
		.min(3, 'Name the activity in a few words.')
		.max(80, 'Keep the name under 80 characters.'),
	accountable: columnField('Choose the accountable department or team.'),
	responsible: columnField('Choose the responsible department or team.')
});

export const raciTeamColumnSchema = z.object({
	teamId: idField('Choose a team.')
});

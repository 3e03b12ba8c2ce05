// The RACI forms' schemas: a new activity names who is accountable and who does it.
import { z } from 'zod';
import { idField } from '$lib/ids';

export const raciActivitySchema = z.object({
	name: z
		.string()
		.trim()
		.min(3, 'Name the activity in a few words.')
		.max(80, 'Keep the name under 80 characters.'),
	accountableId: idField('Choose the accountable department.'),
	responsibleId: idField('Choose the responsible department.')
});

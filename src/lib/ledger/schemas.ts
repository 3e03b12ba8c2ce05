import { z } from 'zod';
import '$lib/validation';

export const recognitionSchema = z.object({
	/** Generated with the form, so a double submit grants once. */
	grantId: z.uuid(),
	personId: z
		.number({ error: 'Choose who gets the points.' })
		.int()
		.positive('Choose who gets the points.'),
	points: z
		.number({ error: 'Enter a number of points.' })
		.int('Whole points only.')
		.min(1, 'At least 1 point.')
		.max(1000, 'At most 1,000 points at a time.'),
	reason: z
		.string()
		.trim()
		.min(3, 'Say what the points are for.')
		.max(200, 'Keep it under 200 characters.')
});

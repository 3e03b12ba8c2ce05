import { pgEnum } from 'drizzle-orm/pg-core';
import { SEVERITIES } from '$lib/report';

/**
 * The severity of a problem in the standard report format, shared by bugs and
 * escalations. The type keeps its first name (`bug_severity`) from when only bugs had it.
 */
export const severity = pgEnum('bug_severity', SEVERITIES);

// Closing the loop: when a request ships, everyone who reported it hears, with the list of
// their own customers to tell, and the teams the RACI matrix keeps informed of release
// notes hear too.
import { eq } from 'drizzle-orm';
import { customer } from '../customers';
import type { Transaction } from '../db/client';
import { notify } from '../notifications';
import { informedPeopleIn } from '../raci';
import type { RecordEvent } from '../realtime';
import { requestHref } from './events';
import { requestReport } from './schema';

/** The RACI activity whose informed teams hear of a shipped request. */
export const SHIPPING_ACTIVITY = 'release_notes';

/** "Acme, Globex and 3 more": a notification stays one readable line. */
export function customerList(names: string[], shown = 8): string {
	if (names.length <= shown) return names.join(', ');
	return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

/** Each reporter of the request with the distinct customers they reported, by name. */
async function reportersOf(tx: Transaction, requestId: number) {
	const rows = await tx
		.selectDistinct({ reporterId: requestReport.reporterId, name: customer.name })
		.from(requestReport)
		.innerJoin(customer, eq(customer.id, requestReport.customerId))
		.where(eq(requestReport.requestId, requestId))
		.orderBy(requestReport.reporterId, customer.name);
	const byReporter = new Map<number, string[]>();
	for (const row of rows) {
		byReporter.set(row.reporterId, [...(byReporter.get(row.reporterId) ?? []), row.name]);
	}
	return byReporter;
}

/** Tells the reporters and the informed teams; answers how many reporters were told. */
export async function tellShipped(
	tx: Transaction,
	record: RecordEvent,
	request: { id: number; title: string },
	actorId: number
): Promise<{ told: number }> {
	const href = requestHref(request.id);
	const reporters = await reportersOf(tx, request.id);
	for (const [reporterId, names] of reporters) {
		await notify(
			tx,
			record,
			[reporterId],
			{
				kind: 'request.shipped',
				text: `“${request.title}” has shipped. Tell your customers: ${customerList(names)}.`,
				href
			},
			actorId
		);
	}
	// Each informed person once, whether their team or their department is the "I" column;
	// reporters already heard above.
	const informed = await informedPeopleIn(tx, SHIPPING_ACTIVITY);
	const others = informed.filter((id) => !reporters.has(id));
	if (others.length) {
		await notify(
			tx,
			record,
			others,
			{
				kind: 'request.informed',
				text: `“${request.title}” has shipped: your team is informed of release notes.`,
				href
			},
			actorId
		);
	}
	return { told: [...reporters.keys()].filter((id) => id !== actorId).length };
}

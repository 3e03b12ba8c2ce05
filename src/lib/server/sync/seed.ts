// Demo data: last month's agenda, published with a note and an action item, and this
// month's draft with a note and an action item for the first support person.
import { addActionItem, saveNote } from './items';
import { syncNow } from './now';
import { toZonedInput } from '$lib/zoned-time';
import { addMonths, defaultMeetingAt, monthOf } from './rules';
import { generateAgenda, publishAgenda, setMeeting } from './service';
import { getBusinessCalendar, getWorkspace } from '../workspace';

export async function seedDemoSync(people: Map<string, number>): Promise<void> {
	const admin = people.get('Alex Admin');
	if (!admin) return;
	const maya = people.get('Maya Okafor') ?? admin;
	const sam = people.get('Sam Rivera') ?? admin;
	const thisMonth = monthOf(syncNow(), (await getWorkspace()).timeZone);
	const inDays = (days: number) =>
		new Date(syncNow().getTime() + days * 86_400_000).toISOString().slice(0, 10);

	const lastMonth = addMonths(thisMonth, -1);
	const last = await generateAgenda(admin, lastMonth);
	// Last month's meeting took place in last month (its planned day), not at the next free slot.
	const calendar = await getBusinessCalendar();
	const held = defaultMeetingAt(lastMonth, calendar, new Date(0));
	await setMeeting(admin, last, toZonedInput(held, calendar.timeZone));
	await saveNote(admin, last, {
		section: 'requests',
		body: 'SSO keeps coming up in renewals: product to share a date with support.'
	});
	await addActionItem(admin, last, {
		title: 'Share the SSO delivery date with the support leads',
		ownerId: maya,
		dueOn: inDays(7)
	});
	await publishAgenda(admin, last);

	const current = await generateAgenda(admin, thisMonth);
	await saveNote(admin, current, {
		section: 'escalations',
		body: 'Walk through the oldest open escalations first.'
	});
	await addActionItem(admin, current, {
		title: 'Tag every checkout ticket with the release it came from',
		ownerId: sam,
		dueOn: inDays(14)
	});
}

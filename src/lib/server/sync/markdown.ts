// A published agenda as Markdown (the download, and the body of the summary email), and
// the short summary sent to attendees and chat.
import {
	change,
	monthLabel,
	SECTION_LABELS,
	SECTIONS,
	type AgendaSnapshot,
	type Section
} from '$lib/sync/agenda';
import { publicOrigin } from '../notifications';

/** Table cells and list items stay on one line and cannot open Markdown syntax. */
function inline(text: string): string {
	return text.replace(/\s+/g, ' ').replace(/([\\`*_[\]|<>#])/g, '\\$1');
}

const money = (n: number | null) => (n === null ? '—' : n.toLocaleString('en'));
const day = (iso: string) => iso.slice(0, 10);

function table(head: string[], rows: (string | number)[][]): string[] {
	if (rows.length === 0) return ['_Nothing this month._'];
	return [
		`| ${head.join(' | ')} |`,
		`| ${head.map(() => '---').join(' | ')} |`,
		...rows.map((r) => `| ${r.map((c) => (typeof c === 'number' ? String(c) : c)).join(' | ')} |`)
	];
}

function sectionBody(section: Section, s: AgendaSnapshot): string[] {
	const f = s.figures;
	switch (section) {
		case 'headline':
			return table(
				['Figure', monthLabel(f.reviewed), monthLabel(f.compared), 'Change'],
				f.headline.map((h) => [inline(h.label), h.value, h.previous, change(h.value, h.previous)])
			);
		case 'volume':
			return table(
				['Ticket', 'Kind', 'Count', 'Month before', 'Change'],
				f.volume.map((v) => [
					inline(v.label),
					v.kind,
					v.count,
					v.previous,
					change(v.count, v.previous)
				])
			);
		case 'escalations':
			return [
				`- Opened: ${f.escalations.opened} (${change(f.escalations.opened, f.escalations.openedBefore)})`,
				`- Resolved or closed: ${f.escalations.closed} (${change(f.escalations.closed, f.escalations.closedBefore)})`,
				`- Open too long: ${f.escalations.openTooLong}`,
				...f.escalations.oldest.map(
					(e) => `  - #${e.id} ${inline(e.title)} (${e.severity}, opened ${day(e.openedAt)})`
				)
			];
		case 'slo':
			return table(
				['Policy', 'Met', 'Breaches', 'Month before', 'Breached and open'],
				f.slo.map((p) => [inline(p.name), p.met, p.breaches, p.breachesBefore, p.breachedOpen])
			);
		case 'priority':
			return [
				...table(
					['Escalation', 'Severity', 'Customer', 'ARR'],
					f.priority.escalations.map((e) => [
						`#${e.id} ${inline(e.title)}`,
						e.severity,
						inline(e.customerName ?? '—'),
						money(e.arr)
					])
				),
				'',
				...table(
					['Bug', 'Severity', 'Bash'],
					f.priority.bugs.map((b) => [inline(b.title), b.severity, inline(b.bashTitle)])
				)
			];
		case 'requests':
			return table(
				['Request', 'Reports', 'Customers', 'ARR', 'Renewing in 90 days'],
				f.requests.map((r) => [
					inline(r.title),
					r.reportCount,
					r.customerCount,
					money(r.arr),
					money(r.renewingArr)
				])
			);
		case 'launches':
			return table(
				['When', 'What', 'Title', 'Date'],
				f.launches.map((l) => [
					l.when === 'past' ? 'Last month' : 'Coming',
					l.kind === 'bash' ? 'Bug bash' : 'Demo',
					inline(l.title),
					day(l.startsAt)
				])
			);
		case 'news':
			if (f.news.length === 0) return ['_Nothing this month._'];
			return f.news.flatMap((n) => [
				`- **${inline(n.teamName)}**: ${n.kudosReceived} kudos received` +
					(n.joined.length ? `; joined: ${n.joined.map(inline).join(', ')}` : '') +
					(n.moved.length ? `; moved in: ${n.moved.map(inline).join(', ')}` : ''),
				...n.highlights.map(
					(h) => `  - ${inline(h.giverName)} → ${inline(h.recipientName)}: “${inline(h.message)}”`
				)
			]);
		case 'actions':
			return table(
				['Action', 'Owner', 'Due', 'State'],
				s.previousItems.map((i) => [
					inline(i.title),
					inline(i.ownerName),
					i.dueOn,
					i.doneAt ? 'Done' : 'Open'
				])
			);
	}
}

/** The whole published agenda as Markdown. */
export function agendaMarkdown(month: string, s: AgendaSnapshot): string {
	const lines = [
		`# Monthly product–support sync: ${monthLabel(month)}`,
		'',
		`Meeting: ${s.meetingAt.slice(0, 16).replace('T', ' ')} UTC · reviews ${monthLabel(s.figures.reviewed)} against ${monthLabel(s.figures.compared)}`,
		'',
		`Attendees: ${s.attendees.map((a) => inline(a.name)).join(', ') || '—'}`
	];
	for (const section of SECTIONS) {
		lines.push('', `## ${SECTION_LABELS[section]}`, '', ...sectionBody(section, s));
		const note = s.notes[section];
		if (note) lines.push('', `> ${note.replace(/\n/g, '\n> ')}`);
	}
	lines.push('', '## Action items', '');
	lines.push(
		...table(
			['Action', 'Owner', 'Due'],
			s.actionItems.map((i) => [inline(i.title), inline(i.ownerName), i.dueOn])
		)
	);
	return lines.join('\n') + '\n';
}

/** The short summary emailed to attendees and posted to chat when an agenda is published. */
export function agendaSummary(agendaId: number, month: string, s: AgendaSnapshot) {
	const f = s.figures;
	const lines = [
		`The monthly product–support sync for ${monthLabel(month)} is published: ${publicOrigin()}/sync/${agendaId}`,
		'',
		...f.headline.map((h) => `• ${h.label}: ${h.value} (${change(h.value, h.previous)})`),
		'',
		s.actionItems.length
			? `Action items:\n${s.actionItems.map((i) => `• ${i.title} (${i.ownerName}, due ${i.dueOn})`).join('\n')}`
			: 'No action items.'
	];
	return {
		subject: `Monthly sync published: ${monthLabel(month)}`,
		text: lines.join('\n').slice(0, 20_000)
	};
}

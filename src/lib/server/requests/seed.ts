// Demo feature requests: a few problems heard from several demo customers, one shipped,
// so the ranked list, the figures and the closed loop all have something to show.
import { addReport, createRequest, setRequestStatus } from './service';

interface DemoRequest {
	title: string;
	problem: string;
	area: string;
	reports: { by: string; customer: string; quote: string }[];
	status?: 'planned' | 'shipped' | 'under_consideration';
}

const DEMO: DemoRequest[] = [
	{
		title: 'Single sign-on with Okta',
		problem: 'Admins add every user by hand; security teams want one identity provider.',
		area: 'Admin',
		reports: [
			{ by: 'Priya Natarajan', customer: 'Globex GmbH', quote: 'Our auditors require SSO by Q3.' },
			{ by: 'Jordan Lee', customer: 'Umbrella Health', quote: 'Blocking the renewal talk.' },
			{ by: 'Sam Rivera', customer: 'Initech', quote: 'Onboarding 200 people by hand hurts.' },
			{ by: 'Priya Natarajan', customer: 'Globex GmbH', quote: 'Asked again on the QBR call.' }
		],
		status: 'planned'
	},
	{
		title: 'Export reports to CSV',
		problem: 'Finance copies report tables by hand into spreadsheets every month.',
		area: 'Reporting',
		reports: [
			{ by: 'Sam Rivera', customer: 'Hooli', quote: 'We just need the raw numbers.' },
			{ by: 'Jordan Lee', customer: 'Stark Logistics', quote: 'Monthly close takes a day.' }
		],
		status: 'shipped'
	},
	{
		title: 'Dark mode for the mobile app',
		problem: 'Warehouse staff work night shifts; the bright screen is tiring.',
		area: 'Mobile',
		reports: [
			{ by: 'Priya Natarajan', customer: 'Stark Logistics', quote: 'Night shift asks weekly.' },
			{ by: 'Sam Rivera', customer: 'Pied Piper', quote: 'Would love it.' }
		],
		status: 'under_consideration'
	},
	{
		title: 'Audit log retention beyond 90 days',
		problem: 'Regulated customers must keep access logs for seven years.',
		area: 'Admin',
		reports: [
			{ by: 'Jordan Lee', customer: 'Umbrella Health', quote: 'HIPAA review flagged this.' }
		]
	}
];

export async function seedDemoRequests(people: Map<string, number>): Promise<void> {
	const admin = people.get('Alex Admin')!;
	const maya = people.get('Maya Okafor') ?? admin;
	for (const item of DEMO) {
		const id = await createRequest(maya, {
			title: item.title,
			problem: item.problem,
			area: item.area
		});
		for (const report of item.reports) {
			await addReport(people.get(report.by) ?? admin, id, {
				customerName: report.customer,
				newCustomerTier: 'pro',
				quote: report.quote,
				link: '',
				sourceKind: 'other',
				sourceId: null
			});
		}
		if (item.status) {
			await setRequestStatus(admin, id, {
				status: item.status,
				publicNote: item.status === 'shipped' ? 'Available to every plan from this release.' : '',
				roadmapUrl: ''
			});
		}
	}
}

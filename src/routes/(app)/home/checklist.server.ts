// The first-run checklist a new workspace's admins see on the home page: each step ticks
// itself from what the database holds, and the list goes away when done or put away.
import { listPendingInvitations, listSignupDomains } from '$lib/server/auth';
import { listTeams, searchPeople } from '$lib/server/org';
import type { Workspace } from '$lib/server/workspace';

export interface ChecklistStep {
	id: 'name' | 'zone' | 'teams' | 'people' | 'bash';
	label: string;
	href: string;
	done: boolean;
}

/** The steps, or null when the viewer is no admin, the workspace is the demo, or it is done. */
export async function firstRunChecklist(
	viewer: { role: string },
	workspace: Workspace,
	bashCount: number
): Promise<ChecklistStep[] | null> {
	if (viewer.role !== 'admin' || workspace.isDemo || workspace.checklistDismissedAt) return null;
	const [teams, people, invitations, domains] = await Promise.all([
		listTeams(),
		searchPeople({ includeInactive: true }, 2),
		listPendingInvitations(),
		listSignupDomains()
	]);
	const steps: ChecklistStep[] = [
		{
			id: 'name',
			label: 'Name the workspace',
			href: '/admin/workspace',
			done: workspace.name !== 'Tandem'
		},
		{
			id: 'zone',
			label: 'Set the time zone and business hours',
			href: '/admin/workspace#hours-heading',
			done: workspace.settingsSavedAt !== null
		},
		{ id: 'teams', label: 'Create teams', href: '/admin/teams', done: teams.length > 0 },
		{
			id: 'people',
			label: 'Invite people',
			href: '/admin/people',
			done: people.length > 1 || invitations.length > 0 || domains.length > 0
		},
		{ id: 'bash', label: 'Run a first bug bash', href: '/bugbash/new', done: bashCount > 0 }
	];
	return steps.every((step) => step.done) ? null : steps;
}

// Demo insights: the rollups of the current and previous month and week, built from the
// demo escalations, kudos, bugs, hackathons and demos the modules before this one seeded.
import { refreshInsights } from './service';

export async function seedDemoInsights(): Promise<void> {
	await refreshInsights();
}

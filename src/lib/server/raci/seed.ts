// Demo data: the starting matrix over the demo departments.
import { applyRaciTemplate } from './service';

export async function seedDemoRaci(): Promise<void> {
	await applyRaciTemplate(null);
}

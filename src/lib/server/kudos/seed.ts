// The demo workspace's kudos: recognition across departments, with and without points.
// No points for Sam or Priya: the e2e tests watch their first points arrive.
import { kudosSchema } from '$lib/kudos/schemas';
import { giveKudos, plusOne, toggleReaction } from './service';
import { useDb } from '../db/client';
import { companyValue } from './schema';

const KUDOS: { from: string; to: string[]; value: string; points: number; message: string }[] = [
	{
		from: 'Chen Wei',
		to: ['Jordan Lee'],
		value: 'Better together',
		points: 15,
		message:
			'Jordan wrote up the **exact** steps for the Globex invoice bug, with logs. Fixed in an hour instead of a day.'
	},
	{
		from: 'Jordan Lee',
		to: ['Chen Wei', 'Fatima Zahra'],
		value: 'Customer first',
		points: 10,
		message: 'You two stayed late to ship the hotfix for Initech. They noticed: _thank you_!'
	},
	{
		from: 'Maya Okafor',
		to: ['Sam Rivera'],
		value: 'Own it',
		points: 0,
		message:
			'Sam ran the checkout bash triage notes all week. See https://wiki.example.com/bash-notes'
	},
	{
		from: 'Tomás García',
		to: ['Aiko Tanaka'],
		value: 'Better together',
		points: 5,
		message: 'Pairing on the new address form made it so much better.'
	}
];

/** Gives the demo kudos; `people` maps demo names to person ids. */
export async function seedDemoKudos(people: Map<string, number>): Promise<void> {
	const values = await useDb().select().from(companyValue);
	const valueId = (name: string) => values.find((v) => v.name === name)!.id;
	const given: number[] = [];
	for (const k of KUDOS) {
		const { kudosId } = await giveKudos(
			people.get(k.from)!,
			kudosSchema.parse({
				clientKey: `demo-kudos-${given.length}`,
				recipientIds: k.to.map((name) => people.get(name)!),
				message: k.message,
				valueId: valueId(k.value),
				points: k.points
			})
		);
		given.push(kudosId);
	}
	await toggleReaction(people.get('Maya Okafor')!, given[0], 'clap');
	await toggleReaction(people.get('Aiko Tanaka')!, given[1], 'heart');
	await plusOne(people.get('Lukas Becker')!, given[1], 5);
}

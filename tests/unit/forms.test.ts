// The route contract's door for posted forms: what validateForm, buttonAction and readForm
// let through, on real Request bodies. superforms swallows its own parse failures (the
// form comes back empty), so a 400 carrying our sentence can only come from the check
// that runs before superforms parses anything.
import { stringify } from 'devalue';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { postedId } from '../../src/lib/ids';
import { kudosSchema, companyValueSchema } from '../../src/lib/kudos/schemas';
import { ServiceError } from '../../src/lib/server/errors';
import {
	JSON_REFUSED,
	MAX_JSON_BYTES,
	NOT_A_FORM,
	NUL_REFUSED,
	refuseJsonPayload
} from '../../src/lib/server/form-input';
import { buttonAction, readForm, validateForm } from '../../src/lib/server/forms';

function post(fields: Record<string, string>): { request: Request } {
	const body = new URLSearchParams(fields);
	return { request: new Request('http://tandem.test/kudos?/give', { method: 'POST', body }) };
}

/** A kudos form as superforms posts it with `dataType: 'json'`. */
function kudosPost(json: string) {
	return post({ __superform_id: 'give', __superform_json: json });
}

/**
 * The hostile graph: each array holds the next one twice, so rebuilding it doubles the
 * work per level (2^depth values from about ten bytes a level).
 */
function doublingGraph(depth: number, root: 'array' | 'object'): string {
	const values: unknown[] =
		root === 'array' ? [[1, 1]] : [{ clientKey: 1, recipientIds: 2, message: 1, valueId: 1 }];
	if (root === 'object') values.push('hostile-key-1234');
	for (let level = 0; level < depth; level++) {
		const next = values.length + 1;
		values.push([next, next]);
	}
	values.push(1);
	return JSON.stringify(values);
}

async function refusal(promise: Promise<unknown>) {
	const err = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(err, 'refused').toBeTruthy();
	return err as { status: number; body: { message: string } };
}

const legitKudos = {
	clientKey: 'a1b2c3d4-e5f6',
	recipientIds: [2, 3],
	recipientNames: '',
	teamId: 0,
	message: 'Thanks for the release notes!',
	valueId: 1,
	points: 5
};

describe('validateForm on a superforms JSON form (the kudos form)', () => {
	it('takes the payload the browser sends', async () => {
		const form = await validateForm(kudosPost(stringify(legitKudos)), kudosSchema, {
			id: 'give',
			json: true
		});
		expect(form.valid).toBe(true);
		expect(form.data).toMatchObject({ recipientIds: [2, 3], points: 5, valueId: 1 });
	});

	it('refuses the doubling graph (230 bytes, depth 23) before superforms rebuilds it', async () => {
		for (const root of ['array', 'object'] as const) {
			const json = doublingGraph(23, root);
			expect(json.length).toBeLessThan(300);
			const err = await refusal(validateForm(kudosPost(json), kudosSchema, { json: true }));
			expect(err).toMatchObject({ status: 400, body: { message: JSON_REFUSED } });
		}
	});

	it('refuses a root that is not an object, even a harmless one', async () => {
		for (const json of [stringify([1, 2]), stringify('text'), stringify(null), '-1']) {
			const err = await refusal(validateForm(kudosPost(json), kudosSchema, { json: true }));
			expect(err).toMatchObject({ status: 400, body: { message: JSON_REFUSED } });
		}
	});

	it('refuses fields the form does not have, cycles, odd types, depth and size', async () => {
		const cyclic: Record<string, unknown> = { ...legitKudos };
		cyclic.recipientIds = [cyclic];
		const deep = { ...legitKudos, recipientIds: [[[[[[[1]]]]]]] };
		const payloads = [
			stringify({ ...legitKudos, isAdmin: true }),
			stringify(cyclic),
			stringify({ ...legitKudos, recipientIds: new Set([1]) }),
			stringify({ ...legitKudos, message: 10n }),
			stringify(deep),
			stringify({ ...legitKudos, message: 'x'.repeat(MAX_JSON_BYTES) }),
			'{"not": "devalue"}',
			'[{"clientKey": 99}]',
			'not json at all'
		];
		for (const json of payloads) {
			const err = await refusal(validateForm(kudosPost(json), kudosSchema, { json: true }));
			expect(err.status, json.slice(0, 60)).toBe(400);
		}
	});

	it('counts a shared value each time it is used, as rebuilding would', () => {
		// 12 levels of doubling is 4,096 uses of a few entries: fine as a tree of 12, not as data.
		expect(refuseJsonPayload(doublingGraph(11, 'object'), null)).toBe(JSON_REFUSED);
		// The same string used many times (devalue shares equal values) is ordinary.
		const shared = stringify({ ...legitKudos, recipientNames: 'x', message: 'x' });
		expect(refuseJsonPayload(shared, Object.keys(legitKudos))).toBeNull();
	});
});

describe('validateForm on a plain form', () => {
	it('refuses a superforms JSON payload the page never sends', async () => {
		const event = post({ name: 'Candour', __superform_json: stringify({ name: 'Candour' }) });
		const err = await refusal(validateForm(event, companyValueSchema));
		expect(err).toMatchObject({ status: 400, body: { message: JSON_REFUSED } });
	});

	it('refuses a NUL in any field, and inside a JSON payload', async () => {
		const err = await refusal(validateForm(post({ name: 'Can\0dour' }), companyValueSchema));
		expect(err).toMatchObject({ status: 400, body: { message: NUL_REFUSED } });
		const json = stringify({ ...legitKudos, message: 'thanks\0' });
		const inJson = await refusal(validateForm(kudosPost(json), kudosSchema, { json: true }));
		expect(inJson).toMatchObject({ status: 400, body: { message: NUL_REFUSED } });
	});

	it('refuses a body that is not a form (JSON) with a 400, not a parse failure', async () => {
		const request = new Request('http://tandem.test/theme', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ theme: 'dark' })
		});
		const err = await refusal(readForm(request));
		expect(err).toMatchObject({ status: 400, body: { message: NOT_A_FORM } });
	});
});

describe('buttonAction', () => {
	const schema = z.object({ entryId: postedId('Choose the grant to reverse.') });
	const button = { action: 'reverse', schema, row: 'entryId' } as const;

	it('runs the service with the parsed id and answers its sentence on that row', async () => {
		let ran: number | null = null;
		const answer = await buttonAction(post({ entryId: '42' }), button, async ({ entryId }) => {
			ran = entryId;
			return 'Grant reversed.';
		});
		expect(ran).toBe(42);
		expect(answer).toEqual({
			button: {
				action: 'reverse',
				id: 42,
				message: { type: 'success', text: 'Grant reversed.' },
				field: null
			}
		});
	});

	it('answers a bad id with a 400 and never runs the service', async () => {
		for (const entryId of ['abc', '1.5', '99999999999', '-3', '']) {
			let ran = false;
			const answer = await buttonAction(post({ entryId }), button, async () => {
				ran = true;
				return 'Grant reversed.';
			});
			expect(ran).toBe(false);
			expect(answer).toMatchObject({
				status: 400,
				data: { button: { action: 'reverse', message: { type: 'error' } } }
			});
		}
	});

	it('answers a service refusal with a 400 on that row, naming its field', async () => {
		const answer = await buttonAction(post({ entryId: '7' }), button, async () => {
			throw new ServiceError('That grant is already reversed.', 'entryId');
		});
		expect(answer).toMatchObject({
			status: 400,
			data: {
				button: {
					id: 7,
					field: 'entryId',
					message: { type: 'error', text: 'That grant is already reversed.' }
				}
			}
		});
	});
});

describe('a multipart bug edit', () => {
	it('reads the files to drop from repeated checkboxes, and refuses an id that is not one', async () => {
		const { bugEditFormSchema } = await import('../../src/lib/bugbash/schemas');
		const body = new FormData();
		const report = {
			title: 'Pay button does nothing',
			area: 'Checkout',
			severity: 'high',
			steps: '1. Open the cart\n2. Press Pay',
			expected: 'The order is placed',
			actual: 'Nothing happens',
			environment: ''
		};
		for (const [name, value] of Object.entries(report)) body.append(name, value);
		body.append('removeAttachments', '3');
		body.append('removeAttachments', '7');
		body.append('attachments', new File(['GET /pay 500'], 'console.log'));
		const request = new Request('http://tandem.test/bugbash/1/bugs/2/edit?/save', {
			method: 'POST',
			body
		});
		const form = await validateForm({ request }, bugEditFormSchema);
		expect(form.valid).toBe(true);
		expect(form.data.removeAttachments).toEqual([3, 7]);
		expect(form.data.attachments.map((f) => f.name)).toEqual(['console.log']);

		const bad = new FormData();
		for (const [name, value] of Object.entries(report)) bad.append(name, value);
		bad.append('removeAttachments', 'abc');
		const refused = await validateForm(
			{ request: new Request('http://tandem.test/x', { method: 'POST', body: bad }) },
			bugEditFormSchema
		);
		expect(refused.valid).toBe(false);
	});
});

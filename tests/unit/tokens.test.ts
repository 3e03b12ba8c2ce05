import { describe, expect, it } from 'vitest';
import { normaliseDomain, normaliseEmail } from '../../src/lib/server/auth';
import { generateSessionToken } from '../../src/lib/server/auth';
import { throttleKey } from '../../src/lib/server/auth/throttle';

describe('generateSessionToken', () => {
	it('is two base32 halves of at least 120 bits each', () => {
		const token = generateSessionToken();
		const parts = token.split('.');
		expect(parts).toHaveLength(2);
		for (const part of parts) {
			expect(part).toMatch(/^[a-z2-7]+$/);
			// Each base32 character carries 5 bits.
			expect(part.length * 5).toBeGreaterThanOrEqual(120);
		}
	});

	it('never repeats and the halves are independent', () => {
		const ids = new Set<string>();
		const secrets = new Set<string>();
		for (let i = 0; i < 2000; i++) {
			const [id, secret] = generateSessionToken().split('.');
			expect(id).not.toBe(secret);
			ids.add(id);
			secrets.add(secret);
		}
		expect(ids.size).toBe(2000);
		expect(secrets.size).toBe(2000);
	});

	it('uses the whole alphabet (no fixed or biased characters)', () => {
		const seen = new Set<string>();
		for (let i = 0; i < 200; i++)
			for (const c of generateSessionToken().replace('.', '')) seen.add(c);
		expect(seen.size).toBe(32);
	});
});

describe('throttleKey', () => {
	it('is a SHA-256 hex digest holding neither the email nor the IP', () => {
		const key = throttleKey('ada@example.com', '10.0.0.1');
		expect(key).toMatch(/^[0-9a-f]{64}$/);
		expect(key).not.toContain('ada');
		expect(key).not.toContain('10.0.0.1');
	});

	it('ignores email case but separates emails and IPs', () => {
		const key = throttleKey('ada@example.com', '10.0.0.1');
		expect(throttleKey('ADA@Example.COM', '10.0.0.1')).toBe(key);
		expect(throttleKey('ada@example.com', '10.0.0.2')).not.toBe(key);
		expect(throttleKey('bob@example.com', '10.0.0.1')).not.toBe(key);
	});
});

describe('normalisation', () => {
	it('lower-cases and trims emails', () => {
		expect(normaliseEmail('  Ada@Example.COM ')).toBe('ada@example.com');
	});

	it('lower-cases domains and drops a leading @', () => {
		expect(normaliseDomain(' @ACME.test ')).toBe('acme.test');
		expect(normaliseDomain('acme.test')).toBe('acme.test');
	});
});

import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { useDb, type Executor, type Transaction } from '../db/client';
import { ServiceError } from '../errors';
import { invitation, signupDomain } from './schema';
import { person, team } from '../org';
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from './password';
import { invalidateAllSessions } from './session';
import { randomToken, sha256Hex } from './tokens';
import { TryLaterError } from './gate';
import {
	beginLoginAttempt,
	clearLoginFailures,
	LOGIN_BLOCK_MINUTES,
	tooManyAttempts,
	tooManyForAccount
} from './throttle';

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

// Serialises sign-ups so two first sign-ups cannot both become admin.
const SIGNUP_LOCK = 7_310_002;

export interface SignUpInput {
	name: string;
	email: string;
	password: string;
	inviteToken?: string;
}

/**
 * Creates an account directly, for code and tests: an email that already has an account
 * is refused by name. The public sign-up page uses requestSignUp, which never says so.
 * The very first account becomes admin; after that an invitation or an email domain
 * opened by an admin is required.
 */
export async function signUp(
	input: SignUpInput
): Promise<{ id: number; role: 'admin' | 'member' }> {
	const { email, name } = checkedSignUp(input);
	const passwordHash = await hashPassword(input.password);
	return useDb().transaction(async (tx) => {
		await lockSignUps(tx);
		const placed = await placeAccount(
			tx,
			{ email, name, passwordHash, inviteToken: input.inviteToken },
			{ revealExisting: true }
		);
		if (placed.kind === 'known') throw new Error('unreachable: existing accounts are refused');
		return { id: placed.id, role: placed.role };
	});
}

/** The cheap checks of a sign-up, before any hashing: a name and an acceptable password. */
export function checkedSignUp(input: SignUpInput): { email: string; name: string } {
	const email = normaliseEmail(input.email);
	const name = input.name.trim();
	if (!name) throw new ServiceError('Enter your name.', 'name');
	const problem = passwordProblem(input.password, email);
	if (problem) throw new ServiceError(problem, 'password');
	return { email, name };
}

/** Taken by every sign-up transaction (see SIGNUP_LOCK). */
export async function lockSignUps(tx: Transaction): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(${SIGNUP_LOCK})`);
}

export type Placement =
	| { kind: 'created'; id: number; role: 'admin' | 'member'; first: boolean }
	| { kind: 'known'; id: number; name: string };

/**
 * Applies the sign-up rules and creates the account. With `revealExisting` an existing
 * email is refused first (the old, direct behaviour); without it the rules run exactly as
 * for a new email and a known one comes back as `known`, with nothing written.
 */
export async function placeAccount(
	tx: Transaction,
	account: { email: string; name: string; passwordHash: string; inviteToken?: string },
	{ revealExisting }: { revealExisting: boolean }
): Promise<Placement> {
	const { email, name, passwordHash } = account;
	const [{ people }] = await tx.select({ people: count() }).from(person);
	const [existing] = await tx
		.select({ id: person.id, name: person.name })
		.from(person)
		.where(eq(person.email, email));
	if (existing && revealExisting)
		throw new ServiceError('An account with this email already exists. Sign in instead.', 'email');

	let role: 'admin' | 'member' = 'member';
	let teamId: number | null = null;
	let invitationId: number | null = null;
	if (people === 0) {
		role = 'admin';
	} else if (account.inviteToken) {
		const invite = await usableInvitation(tx, account.inviteToken);
		if (invite.email && invite.email !== email) {
			throw new ServiceError(`This invitation is for ${invite.email}.`, 'email');
		}
		teamId = invite.teamId;
		invitationId = invite.id;
	} else if (!(await domainIsOpen(tx, email))) {
		throw new ServiceError(
			'Sign-up is by invitation. Ask an admin of your workspace for an invitation link.',
			'email'
		);
	}
	// The invitation stays unused: it was meant for someone who has no account yet.
	if (existing) return { kind: 'known', id: existing.id, name: existing.name };

	const [created] = await tx
		.insert(person)
		.values({ email, name, passwordHash, role, teamId })
		.returning({ id: person.id, role: person.role });
	if (invitationId !== null) {
		await tx
			.update(invitation)
			.set({ usedAt: new Date(), usedById: created.id })
			.where(eq(invitation.id, invitationId));
	}
	return { kind: 'created', id: created.id, role: created.role, first: people === 0 };
}

/** The invitation behind a link token, if it can still be used. */
async function usableInvitation(db: Executor, token: string) {
	const [invite] = await db
		.select()
		.from(invitation)
		.where(eq(invitation.tokenHash, sha256Hex(token)))
		.for('update');
	if (!invite || invite.revokedAt) throw new ServiceError('This invitation link is not valid.');
	if (invite.usedAt) throw new ServiceError('This invitation link has already been used.');
	if (invite.expiresAt && invite.expiresAt.getTime() <= Date.now()) {
		throw new ServiceError('This invitation link has expired. Ask an admin for a new one.');
	}
	return invite;
}

/** For the sign-up page: describes the invitation a link carries, or why it cannot be used. */
export async function inspectInvitation(
	token: string
): Promise<{ ok: true; email: string | null } | { ok: false; message: string }> {
	try {
		const invite = await usableInvitation(useDb(), token);
		return { ok: true, email: invite.email };
	} catch (err) {
		if (err instanceof ServiceError) return { ok: false, message: err.message };
		throw err;
	}
}

async function domainIsOpen(db: Executor, email: string): Promise<boolean> {
	const domain = email.split('@')[1] ?? '';
	const [row] = await db.select().from(signupDomain).where(eq(signupDomain.domain, domain));
	return Boolean(row);
}

/** Whether anyone has signed up yet: the sign-up page then needs no invitation. */
export async function isFirstSignUp(): Promise<boolean> {
	const [{ people }] = await useDb().select({ people: count() }).from(person);
	return people === 0;
}

/**
 * Checks a sign-in. The same message is given for an unknown email and a wrong password,
 * and throttling counts every refusal alike. A deactivated account is named only after
 * the right password: whoever knows it is its owner, and deserves to know why.
 */
export const DEACTIVATED_ACCOUNT =
	'This account has been deactivated. Ask an admin of your workspace to reactivate it.';

export async function authenticate(
	emailInput: string,
	password: string,
	ip: string
): Promise<number> {
	const email = normaliseEmail(emailInput);
	const verdict = await beginLoginAttempt(email, ip);
	if (!verdict.allowed) throw new TryLaterError(verdict.message, 429);
	const [found] = await useDb()
		.select({ id: person.id, passwordHash: person.passwordHash, active: person.active })
		.from(person)
		.where(eq(person.email, email));
	const passwordOk = found
		? await verifyPassword(found.passwordHash, password)
		: await verifyAgainstDummy(password);
	if (!passwordOk || !found?.active) {
		// A checked, wrong attempt (400) that also tells how long the next one must wait;
		// attempts refused unchecked while blocked are the 429s above.
		if (verdict.lastBeforeBlock)
			throw new ServiceError(tooManyAttempts(LOGIN_BLOCK_MINUTES * 60_000));
		if (verdict.accountDelayMs) throw new ServiceError(tooManyForAccount(verdict.accountDelayMs));
		if (found && passwordOk) throw new ServiceError(DEACTIVATED_ACCOUNT);
		throw new ServiceError('Email or password is incorrect.');
	}
	await clearLoginFailures(email, ip);
	return found.id;
}

export async function changePassword(
	personId: number,
	currentPassword: string,
	newPassword: string,
	keepSessionId: string
): Promise<void> {
	const db = useDb();
	const [row] = await db
		.select({ passwordHash: person.passwordHash, email: person.email })
		.from(person)
		.where(eq(person.id, personId));
	if (!row || !(await verifyPassword(row.passwordHash, currentPassword))) {
		throw new ServiceError('The current password is not correct.', 'currentPassword');
	}
	const problem = passwordProblem(newPassword, row.email);
	if (problem) throw new ServiceError(problem, 'newPassword');
	await db
		.update(person)
		.set({ passwordHash: await hashPassword(newPassword) })
		.where(eq(person.id, personId));
	// Anyone who knew the old password is signed out; this browser stays in.
	await invalidateAllSessions(personId, keepSessionId);
}

export async function renamePerson(personId: number, name: string): Promise<void> {
	const clean = name.trim();
	if (!clean) throw new ServiceError('Enter your name.', 'name');
	await useDb().update(person).set({ name: clean }).where(eq(person.id, personId));
}

// ── Invitations and open domains (admin) ───────────────────────────────────────

export interface NewInvitation {
	email?: string | null;
	teamId?: number | null;
	expiresInDays?: number | null;
}

/** Creates an invitation and returns its token; only its hash is stored. */
export async function createInvitation(createdById: number, input: NewInvitation): Promise<string> {
	const token = randomToken(20);
	const email = input.email ? normaliseEmail(input.email) : null;
	if (email) {
		const [existing] = await useDb()
			.select({ id: person.id })
			.from(person)
			.where(eq(person.email, email));
		if (existing)
			throw new ServiceError('Someone with this email already has an account.', 'email');
	}
	if (input.teamId != null) {
		const [found] = await useDb()
			.select({ id: team.id })
			.from(team)
			.where(eq(team.id, input.teamId));
		if (!found) throw new ServiceError('That team no longer exists.', 'teamId');
	}
	await useDb()
		.insert(invitation)
		.values({
			tokenHash: sha256Hex(token),
			email,
			teamId: input.teamId ?? null,
			createdById,
			expiresAt:
				input.expiresInDays != null ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null
		});
	return token;
}

export async function listPendingInvitations() {
	return useDb()
		.select({
			id: invitation.id,
			email: invitation.email,
			teamId: invitation.teamId,
			createdAt: invitation.createdAt,
			expiresAt: invitation.expiresAt
		})
		.from(invitation)
		.where(and(isNull(invitation.usedAt), isNull(invitation.revokedAt)))
		.orderBy(invitation.createdAt);
}

export async function revokeInvitation(id: number): Promise<void> {
	await useDb()
		.update(invitation)
		.set({ revokedAt: new Date() })
		.where(and(eq(invitation.id, id), isNull(invitation.usedAt)));
}

export function normaliseDomain(domain: string): string {
	return domain.trim().toLowerCase().replace(/^@/, '');
}

/** Opens sign-up to a domain in the caller's transaction; answers whether it was closed before. */
export async function openSignupDomain(
	createdById: number,
	domain: string,
	db: Executor = useDb()
): Promise<boolean> {
	const added = await db
		.insert(signupDomain)
		.values({ domain: normaliseDomain(domain), createdById })
		.onConflictDoNothing()
		.returning({ domain: signupDomain.domain });
	return added.length > 0;
}

/** Closes sign-up by a domain; answers whether it was open. */
export async function closeSignupDomain(domain: string, db: Executor = useDb()): Promise<boolean> {
	const removed = await db
		.delete(signupDomain)
		.where(eq(signupDomain.domain, normaliseDomain(domain)))
		.returning({ domain: signupDomain.domain });
	return removed.length > 0;
}

export async function listSignupDomains() {
	return useDb().select().from(signupDomain).orderBy(signupDomain.domain);
}

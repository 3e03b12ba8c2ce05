import { z } from 'zod';
import '$lib/validation';

/** Password length limits: the forms and the server's password rules share them. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const email = z
	.string()
	.trim()
	.min(1, 'Enter your email address.')
	.max(254, 'That email address is too long.')
	.pipe(z.email('Enter a valid email address, like name@example.com.'));

const newPassword = z
	.string()
	.min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
	.max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

export const personName = z
	.string()
	.trim()
	.min(1, 'Enter your name.')
	.max(80, 'Keep the name under 80 characters.');

export const signUpSchema = z.object({
	name: personName,
	email,
	password: newPassword,
	invite: z.string().max(100).optional()
});

export const signInSchema = z.object({
	email,
	password: z
		.string()
		.min(1, 'Enter your password.')
		.max(PASSWORD_MAX, 'Email or password is incorrect.')
});

export const profileSchema = z.object({ name: personName });

export const changePasswordSchema = z
	.object({
		currentPassword: z.string().min(1, 'Enter your current password.').max(PASSWORD_MAX),
		newPassword,
		confirmPassword: z.string()
	})
	.refine((v) => v.newPassword === v.confirmPassword, {
		message: 'The two new passwords do not match.',
		path: ['confirmPassword']
	});

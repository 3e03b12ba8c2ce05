import { isNull } from 'drizzle-orm';
import { useDb } from '../db/client';
import { notification } from './schema';

/**
 * The demo's history stays in everyone's inbox as read: a visitor starts with a quiet tray,
 * and what they do shows up as new.
 */
export async function markDemoNotificationsRead(): Promise<void> {
	await useDb().update(notification).set({ readAt: new Date() }).where(isNull(notification.readAt));
}

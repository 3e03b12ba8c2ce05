// The stored notification inbox: the only file other code imports.
export { type Notice } from './service';
export { notify, notifyAll, markRead, markAllRead, setPreferences } from './service';
export { publicOrigin } from './rules';
export { inboxSummary, notificationsPage, preferencesOf, unreadCount } from './queries';
export { markDemoNotificationsRead } from './seed';
export type { NotificationEvents, NotificationRooms } from './events';

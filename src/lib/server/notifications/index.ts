// The stored notification inbox: the only file other code imports.
export { notify, markRead, markAllRead, setPreferences, type Notice } from './service';
export { inboxSummary, notificationsPage, preferencesOf, unreadCount, PAGE_SIZE } from './queries';
export { wantsEmail, type Delivery, type NotificationEmail } from './rules';
export { markDemoNotificationsRead } from './seed';

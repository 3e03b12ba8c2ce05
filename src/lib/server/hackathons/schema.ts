// The hackathons module's tables, in two files: the event and its teams, then
// submissions and judging. drizzle-kit reads this file.
export * from './event-schema';
export * from './judging-schema';

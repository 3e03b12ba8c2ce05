// Durable jobs and timers: the public API other modules use.
export { registerJobHandler, registerLeasedJobHandler } from './handlers';
export type { JobHandler } from './handlers';
export { createJobRunner, startJobRunner, type JobRunner } from './runner';
export { cancelJob, rescheduleJob, scheduleJob, scheduleRecurringJob } from './service';
export { job } from './schema';

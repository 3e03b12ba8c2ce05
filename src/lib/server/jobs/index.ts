// Durable jobs and timers: the public API other modules use.
export { registerJobHandler, registerLeasedJobHandler } from './handlers';
export type { Job, JobContext, JobFailure, JobHandler, LeasedJobHandler } from './handlers';
export {
	backoffDelay,
	createJobRunner,
	startJobRunner,
	stopJobRunner,
	type JobRunner,
	type JobRunnerOptions
} from './runner';
export {
	cancelJob,
	rescheduleJob,
	scheduleJob,
	scheduleRecurringJob,
	type JobSpec
} from './service';
export { job, jobState } from './schema';

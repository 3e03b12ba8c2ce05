// Staying up through faults: what counts as "the database is away", the pool that
// survives a restart, and the health and readiness answers.
export {
	DATABASE_UNAVAILABLE,
	DATABASE_UNAVAILABLE_CODE,
	failureAck,
	isDatabaseUnavailable,
	outageCode,
	reportDatabaseOutage,
	reportFailure
} from './faults';
export { AcquireTimeoutError, openResilientPool, type ResilientPool } from '../db/pool';
export {
	checkDatabase,
	checkMigrations,
	checkRedis,
	health,
	probeResponse,
	readiness,
	type Check,
	type Report
} from './checks';

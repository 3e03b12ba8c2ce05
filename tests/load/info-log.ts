// Imported first by benchmarks of code that logs per request or socket: the app logs at
// `info` in production (tests default to `warn`), so its logging is part of what is
// measured; the lines go to /dev/null, written synchronously as to a pipe, so the
// benchmark's table stays readable.
import { openSync, writeSync } from 'node:fs';
import { processLogger } from '../../src/lib/server/logger.js';

process.env.LOG_LEVEL = 'info';
process.env.LOG_FORMAT = 'json';
const sink = openSync('/dev/null', 'w');
const stdout = Object.getOwnPropertyDescriptor(process, 'stdout')!;
Object.defineProperty(process, 'stdout', {
	configurable: true,
	value: { write: (line: string) => (writeSync(sink, line), true) }
});
processLogger();
Object.defineProperty(process, 'stdout', stdout);

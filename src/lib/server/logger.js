// The one logger of a Tandem process. Plain JavaScript, because the production entry
// (src/cli/start.js, plain Node) logs before the built app is loaded; the first caller
// creates it and later callers, the app included, reuse it through globalThis, so a
// process writes through one stream whatever code logs.
import pino from 'pino';

const LOGGER = Symbol.for('tandem.logger');
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * What never reaches a log line, wherever it sits in what was logged: credentials typed by
 * people, session tokens, cookies, authorisation headers and secrets of integrations.
 */
export const REDACTED_KEYS = [
	'password',
	'newPassword',
	'currentPassword',
	'token',
	'secret',
	'cookie',
	'authorization',
	'set-cookie',
	'sessionToken',
	'apiKey'
];

const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => {
	const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
	const nested = safe.startsWith('[') ? safe : `.${safe}`;
	return [safe, `*${nested}`, `*.*${nested}`];
});

/** LOG_LEVEL, checked: an unknown level is said once and `info` is used. */
function levelFromEnvironment() {
	const wanted = (process.env.LOG_LEVEL ?? '').trim().toLowerCase();
	if (!wanted) return { level: process.env.NODE_ENV === 'test' ? 'warn' : 'info' };
	if (LEVELS.includes(wanted)) return { level: wanted };
	return { level: 'info', warning: `LOG_LEVEL "${wanted}" is not one of ${LEVELS.join(', ')}` };
}

/**
 * JSON lines for machines (a container, a pipe, a log collector); readable lines when a
 * person watches a terminal. LOG_FORMAT=json|pretty decides when set.
 */
function wantsPretty() {
	const format = (process.env.LOG_FORMAT ?? '').trim().toLowerCase();
	if (format === 'json') return false;
	if (format === 'pretty') return true;
	return Boolean(process.stdout.isTTY);
}

const LABELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'module']);

/**
 * A line for a person: time, level, `[module]`, message, then the other fields as
 * key=value and a stack on its own lines.
 * @param {string} json
 */
export function prettyLine(json) {
	/** @type {Record<string, any>} */
	let entry;
	try {
		entry = JSON.parse(json);
	} catch {
		return json;
	}
	const time = new Date(entry.time ?? Date.now()).toTimeString().slice(0, 8);
	const label = LABELS[/** @type {keyof typeof LABELS} */ (entry.level)] ?? String(entry.level);
	const module = entry.module ? `[${entry.module}] ` : '';
	let stack = '';
	const fields = Object.entries(entry)
		.filter(([key]) => !HIDDEN.has(key))
		.map(([key, value]) => {
			if (key === 'err' && value && typeof value === 'object') {
				stack = value.stack ? `\n${value.stack}` : '';
				return `err=${JSON.stringify(value.message ?? value.type)}`;
			}
			return `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`;
		});
	return `${time} ${label} ${module}${entry.msg ?? ''}${fields.length ? ' ' + fields.join(' ') : ''}${stack}\n`;
}

/**
 * @param {NodeJS.WriteStream} target
 * @param {boolean} pretty
 */
function destination(target, pretty) {
	return { write: (/** @type {string} */ line) => target.write(pretty ? prettyLine(line) : line) };
}

/** Creates the process's logger: info and below to stdout, errors to stderr. */
function createLogger() {
	const { level, warning } = levelFromEnvironment();
	const pretty = wantsPretty();
	const logger = pino(
		{
			level,
			base: { pid: process.pid },
			timestamp: pino.stdTimeFunctions.isoTime,
			redact: { paths: REDACT_PATHS, censor: '[redacted]' },
			serializers: { err: pino.stdSerializers.err }
		},
		pino.multistream(
			[
				{ level: 'trace', stream: destination(process.stdout, pretty) },
				{ level: 'error', stream: destination(process.stderr, pretty) }
			],
			{ dedupe: true }
		)
	);
	if (warning) logger.warn(warning);
	return logger;
}

/** @returns {import('pino').Logger} the process's logger, created on first use. */
export function processLogger() {
	const store = /** @type {Record<symbol, import('pino').Logger | undefined>} */ (
		/** @type {unknown} */ (globalThis)
	);
	return (store[LOGGER] ??= createLogger());
}

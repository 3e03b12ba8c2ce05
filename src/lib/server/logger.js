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

const SECRET_KEYS = new Set(REDACTED_KEYS.map((key) => key.toLowerCase()));
const CENSOR = '[redacted]';
/** How deep into what is logged secrets are looked for (the logged object is depth 0). */
const SECRET_DEPTH = 4;

/**
 * `value` with every secret key's value replaced by the censor, copied only where one is
 * found (the common line carries none and costs a few key lookups). Replaces pino's
 * wildcard redaction, which cost 15–43 µs a line: a tenth of a socket's handshake.
 * @param {unknown} value
 * @param {number} depth
 * @returns {unknown}
 */
export function withoutSecrets(value, depth = 0) {
	if (value === null || typeof value !== 'object' || depth > SECRET_DEPTH) return value;
	if (ArrayBuffer.isView(value) || value instanceof Date) return value;
	const source = /** @type {Record<string, unknown>} */ (value);
	/** @type {Map<string, unknown> | undefined} */
	let changed;
	for (const key of Object.keys(source)) {
		const inner = source[key];
		const clean = SECRET_KEYS.has(key.toLowerCase()) ? CENSOR : withoutSecrets(inner, depth + 1);
		if (clean !== inner) (changed ??= new Map()).set(key, clean);
	}
	if (!changed) return value;
	if (Array.isArray(source))
		return source.map((item, i) => (changed.has(String(i)) ? changed.get(String(i)) : item));
	// An error keeps its class, message and stack, so the err serializer still knows it
	// (V8's stack is an accessor that reads the original error: copied as its value).
	const fields = Object.getOwnPropertyDescriptors(source);
	for (const [key, field] of Object.entries(fields))
		if (field.get)
			fields[key] = {
				value: source[key],
				enumerable: field.enumerable,
				writable: true,
				configurable: true
			};
	for (const [key, clean] of changed)
		fields[key] = { value: clean, enumerable: true, writable: true, configurable: true };
	return Object.create(Object.getPrototypeOf(source), fields);
}

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

/**
 * `destination`, writing the lines of one turn of the event loop together: a burst (a
 * hundred sockets connecting, each logged) costs one write instead of one each, which was
 * a tenth of a handshake. The lines still leave within the turn, and at exit.
 * @param {NodeJS.WriteStream} target
 * @param {boolean} pretty
 */
function batchedDestination(target, pretty) {
	/** @type {string[]} */
	let pending = [];
	const flush = () => {
		if (pending.length === 0) return;
		const text = pending.join('');
		pending = [];
		target.write(text);
	};
	process.on('exit', flush);
	return {
		write: (/** @type {string} */ line) => {
			if (pending.push(pretty ? prettyLine(line) : line) === 1) setImmediate(flush);
		}
	};
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
			formatters: {
				log: (/** @type {Record<string, unknown>} */ obj) =>
					/** @type {Record<string, unknown>} */ (withoutSecrets(obj))
			},
			serializers: { err: pino.stdSerializers.err }
		},
		pino.multistream(
			[
				{ level: 'trace', stream: batchedDestination(process.stdout, pretty) },
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

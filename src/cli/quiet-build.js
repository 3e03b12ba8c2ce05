// Runs the production build with its chatter captured: a newcomer's first `npm start` shows
// one line of progress, not the bundler's warnings about code it does not own.
import { spawn } from 'node:child_process';

/**
 * Runs `command args` in `cwd`, printing one progress line (redrawn on a terminal) and
 * keeping its output; on failure the captured output is printed so the error stays visible.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, label: string, out?: NodeJS.WriteStream, err?: NodeJS.WriteStream }} options
 * @returns {Promise<boolean>} whether it succeeded
 */
export function runQuietly(
	command,
	args,
	{ cwd, label, out = process.stdout, err = process.stderr }
) {
	const started = Date.now();
	const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
	/** @type {Buffer[]} */
	const captured = [];
	// On a terminal the line counts the seconds in place; in a log it is written once.
	const redraw = out.isTTY ? () => out.write(`\r${label} ${seconds()} s`) : () => {};
	if (out.isTTY) redraw();
	else out.write(`${label}\n`);
	const ticker = setInterval(redraw, 500);

	return new Promise((resolve) => {
		const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout.on('data', (chunk) => captured.push(chunk));
		child.stderr.on('data', (chunk) => captured.push(chunk));
		const finish = (/** @type {boolean} */ ok, /** @type {string} */ note = '') => {
			clearInterval(ticker);
			if (out.isTTY) out.write('\r\x1b[K');
			if (ok) {
				out.write(`${label} done in ${seconds()} s\n`);
			} else {
				err.write(Buffer.concat(captured));
				err.write(`${label} failed after ${seconds()} s${note}; the build's output is above.\n`);
			}
			resolve(ok);
		};
		child.on('error', (error) => finish(false, ` (${error.message})`));
		child.on('close', (code, signal) =>
			finish(code === 0, code === 0 ? '' : ` (${signal ?? `exit code ${code}`})`)
		);
	});
}

// Client side of the media benchmark, in its own process so the viewers' work is not
// counted as the server's. N viewers seek in one recording: each seek is a ranged GET
// (`bytes=<n>-`, what a video element asks for) whose time to the first body byte is
// recorded; the rest of the answer is dropped, as a browser does when the viewer seeks on.
//   node tests/load/media-seekers.js <url> <cookie> <size> <viewers> <seeks> <mode>
// mode `closed`: each viewer seeks again the moment its last seek answered (the most the
// server can take); `open:<ms>`: each viewer seeks every <ms> at its own phase, whatever
// the answers' speed (a steady audience). Prints JSON { times, statuses, elapsedMs }.
import { request } from 'node:http';

const [url, cookie, sizeArg, viewersArg, seeksArg, mode] = process.argv.slice(2);
const size = Number(sizeArg);
const viewers = Number(viewersArg);
const seeks = Number(seeksArg);
/** @type {number[]} */
const times = [];
/** @type {Record<string, number>} */
const statuses = {};

/** @param {number} start the byte the seek starts at */
function seek(start) {
	return new Promise((resolve, reject) => {
		const t0 = performance.now();
		let answered = false;
		const req = request(url, { headers: { cookie, range: `bytes=${start}-` } }, (res) => {
			res.once('data', () => {
				answered = true;
				times.push(performance.now() - t0);
				statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
				req.destroy();
				resolve(undefined);
			});
		});
		req.on('error', (err) => (answered ? undefined : reject(err)));
		req.end();
	});
}

/**
 * Where viewer v's i-th seek lands: spread over the file, the same every run.
 * @param {number} v
 * @param {number} i
 */
const target = (v, i) => Math.floor((((v * 7919 + i * 104729) % 1000) / 1000) * (size - 1));

const started = performance.now();
const everyMs = mode.startsWith('open:') ? Number(mode.slice(5)) : 0;
await Promise.all(
	Array.from({ length: viewers }, async (_, v) => {
		if (everyMs) await new Promise((r) => setTimeout(r, (v / viewers) * everyMs));
		/** @type {Promise<unknown>[]} */
		const pending = [];
		for (let i = 0; i < seeks; i++) {
			const tick = performance.now();
			if (!everyMs) {
				await seek(target(v, i));
				continue;
			}
			pending.push(seek(target(v, i)));
			const next = tick + everyMs - performance.now();
			if (next > 0) await new Promise((r) => setTimeout(r, next));
		}
		await Promise.all(pending);
	})
);
const elapsedMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ times, statuses, elapsedMs })}\n`, () => process.exit(0));

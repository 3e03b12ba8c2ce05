// CSV as spreadsheets write it (RFC 4180): quoted fields may hold commas, quotes ("") and
// line breaks. Exported cells that start like a formula are quoted with a leading ' so a
// spreadsheet shows them as text instead of running them.

/** The rows of a CSV text; null when a quoted field never closes. */
export function parseCsv(text: string): string[][] | null {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	const body = text.replace(/^\uFEFF/, '');
	for (let i = 0; i < body.length; i++) {
		const char = body[i];
		if (quoted) {
			if (char === '"' && body[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (char === '"') quoted = false;
			else cell += char;
		} else if (char === '"' && cell === '') quoted = true;
		else if (char === ',') {
			row.push(cell);
			cell = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && body[i + 1] === '\n') i++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else cell += char;
	}
	if (quoted) return null;
	if (cell !== '' || row.length > 0) {
		row.push(cell);
		rows.push(row);
	}
	return rows.filter((r) => r.some((value) => value.trim() !== ''));
}

function csvCell(value: string | number | null): string {
	let text = value === null ? '' : String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV text of a header and rows, lines ended with CRLF as the RFC says. */
export function formatCsv(header: readonly string[], rows: (string | number | null)[][]): string {
	return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

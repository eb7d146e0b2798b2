// A long run's transcript rows, kept until the table can be drawn (its columns are as wide as the
// widest row, known only at the end). The first rows stay in memory; past that they go to a
// temporary file as JSON lines and are read back in order, so a run of any length needs memory
// for a few thousand rows only.
import {closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {TranscriptRow} from './transcript.js';

/** Rows held in memory before the rest go to the file. */
export const ROWS_IN_MEMORY = 5000;
const WRITE_CHUNK = 1 << 20;

export class RowSpool {
	private readonly rows: TranscriptRow[] = [];
	private dir: string | null = null;
	private fd: number | null = null;
	private pending: string[] = [];
	private pendingLength = 0;

	constructor(private readonly inMemory = ROWS_IN_MEMORY) {}

	add(row: TranscriptRow): void {
		if (this.rows.length < this.inMemory || !this.open()) {
			this.rows.push(row);
			return;
		}
		const line = `${JSON.stringify(row)}\n`;
		this.pending.push(line);
		this.pendingLength += line.length;
		if (this.pendingLength >= WRITE_CHUNK) this.flush();
	}

	/** Every row, in the order added. */
	*read(): Generator<TranscriptRow> {
		yield* this.rows;
		if (this.fd === null) return;
		this.flush();
		const buffer = Buffer.alloc(WRITE_CHUNK);
		let position = 0;
		// Bytes after the last newline read so far (a row, or a character, may straddle two reads).
		let rest = Buffer.alloc(0);
		for (;;) {
			const n = readSync(this.fd, buffer, 0, buffer.length, position);
			if (n === 0) break;
			position += n;
			const chunk = Buffer.concat([rest, buffer.subarray(0, n)]);
			const end = chunk.lastIndexOf(10);
			if (end < 0) {
				rest = chunk;
				continue;
			}
			for (const line of chunk.toString('utf8', 0, end).split('\n')) if (line) yield JSON.parse(line) as TranscriptRow;
			rest = Buffer.from(chunk.subarray(end + 1));
		}
		if (rest.length > 0) yield JSON.parse(rest.toString('utf8')) as TranscriptRow;
	}

	/** Removes the file. */
	dispose(): void {
		if (this.fd !== null) closeSync(this.fd);
		if (this.dir !== null) rmSync(this.dir, {recursive: true, force: true});
		this.fd = null;
		this.dir = null;
	}

	/** The file is there (made on first need); false when it cannot be made: the rows then stay in memory. */
	private open(): boolean {
		if (this.fd !== null) return true;
		if (this.dir !== null) return false;
		try {
			this.dir = mkdtempSync(join(tmpdir(), 'tcp-tui-transcript-'));
			this.fd = openSync(join(this.dir, 'rows.jsonl'), 'w+');
			return true;
		} catch {
			return false;
		}
	}

	private flush(): void {
		if (this.fd === null || this.pending.length === 0) return;
		writeSync(this.fd, this.pending.join(''));
		this.pending = [];
		this.pendingLength = 0;
	}
}

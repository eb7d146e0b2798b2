// The one's complement sum's inner loop as a tiny WebAssembly module using 128-bit SIMD:
// sixteen bytes a step (i32x4.extadd_pairwise_i16x8_u widens eight 16-bit words into four
// 32-bit lanes), about three times the speed of the JavaScript loop on a 1460-byte payload even
// with the copy into the module's memory. Written out as bytes here (no build step, no file to
// load); checksum.ts falls back to its JavaScript loop where WebAssembly SIMD is missing.

/** Unsigned LEB128, as the binary format writes sizes and counts. */
function leb128(value: number): number[] {
	const out: number[] = [];
	do {
		let byte = value & 0x7f;
		value >>>= 7;
		if (value !== 0) byte |= 0x80;
		out.push(byte);
	} while (value !== 0);
	return out;
}

function section(id: number, content: number[]): number[] {
	return [id, ...leb128(content.length), ...content];
}

function name(text: string): number[] {
	return [text.length, ...Array.from(text, (c) => c.charCodeAt(0))];
}

// Opcodes used (WebAssembly core 2.0; SIMD ones after the 0xfd prefix).
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const I32_AND = 0x71;
const I32_LT_U = 0x49;
const I32_GE_U = 0x4f;
const BLOCK = 0x02;
const LOOP = 0x03;
const BR_IF = 0x0d;
const END = 0x0b;
const EMPTY_TYPE = 0x40;
const I32 = 0x7f;
const V128 = 0x7b;
const SIMD = 0xfd;
/** v128.load with alignment hint 1 byte (any address) and a constant offset. */
const load = (offset: number): number[] => [SIMD, 0x00, 0x00, ...leb128(offset)];
const EXTADD_PAIRWISE_U = [SIMD, 0x7f]; // i32x4.extadd_pairwise_i16x8_u
const I32X4_ADD = [SIMD, 0xae, 0x01];
const I32X4_SHR_U = [SIMD, 0xad, 0x01];
const V128_AND = [SIMD, 0x4e];
const extractLane = (lane: number): number[] => [SIMD, 0x1b, lane];
const LOW_HALVES = [SIMD, 0x0c, ...Array.from({length: 4}, () => [0xff, 0xff, 0, 0]).flat()]; // v128.const i32x4 0xffff ×4

// Locals: 0 p (the cursor), 1 n, 2 end, 3 end of the 64-byte steps, 4 and 5 two accumulators.
const P = 0;
const N = 1;
const END_ALL = 2;
const END_64 = 3;
const ACC_A = 4;
const ACC_B = 5;
const widen = (offset: number): number[] => [LOCAL_GET, P, ...load(offset), ...EXTADD_PAIRWISE_U];

/**
 * sum(p, n): the 16-bit little-endian words of memory[p, p + n) (n a multiple of 16, at most
 * 64 KiB) added in 32 bits, each lane folded once: a sum below 2^19 that, folded to 16 bits and
 * byte-swapped, is RFC 1071's big-endian sum. Lanes cannot overflow: 4096 steps of 16 bytes add at
 * most 4096 × 2 × 65535 < 2^30 to a lane.
 */
const body: number[] = [
	2, 2, I32, 2, V128,
	LOCAL_GET, P, LOCAL_GET, N, I32_ADD, LOCAL_SET, END_ALL,
	LOCAL_GET, P, LOCAL_GET, N, I32_CONST, 0x40 /* -64, signed LEB128 */, I32_AND, I32_ADD, LOCAL_SET, END_64,
	// 64 bytes a step into two accumulators (shorter dependency chains).
	BLOCK, EMPTY_TYPE,
	LOCAL_GET, P, LOCAL_GET, END_64, I32_GE_U, BR_IF, 0,
	LOOP, EMPTY_TYPE,
	LOCAL_GET, ACC_A, ...widen(0), ...widen(16), ...I32X4_ADD, ...I32X4_ADD, LOCAL_SET, ACC_A,
	LOCAL_GET, ACC_B, ...widen(32), ...widen(48), ...I32X4_ADD, ...I32X4_ADD, LOCAL_SET, ACC_B,
	LOCAL_GET, P, I32_CONST, 0xc0, 0x00 /* 64 */, I32_ADD, LOCAL_TEE, P,
	LOCAL_GET, END_64, I32_LT_U, BR_IF, 0,
	END,
	END,
	// Then 16 bytes a step.
	BLOCK, EMPTY_TYPE,
	LOCAL_GET, P, LOCAL_GET, END_ALL, I32_GE_U, BR_IF, 0,
	LOOP, EMPTY_TYPE,
	LOCAL_GET, ACC_A, ...widen(0), ...I32X4_ADD, LOCAL_SET, ACC_A,
	LOCAL_GET, P, I32_CONST, 16, I32_ADD, LOCAL_TEE, P,
	LOCAL_GET, END_ALL, I32_LT_U, BR_IF, 0,
	END,
	END,
	// a += b; each lane folded once (low 16 bits + high bits); the four lanes added.
	LOCAL_GET, ACC_A, LOCAL_GET, ACC_B, ...I32X4_ADD, LOCAL_SET, ACC_A,
	LOCAL_GET, ACC_A, ...LOW_HALVES, ...V128_AND,
	LOCAL_GET, ACC_A, I32_CONST, 16, ...I32X4_SHR_U,
	...I32X4_ADD, LOCAL_SET, ACC_A,
	LOCAL_GET, ACC_A, ...extractLane(0), LOCAL_GET, ACC_A, ...extractLane(1), I32_ADD,
	LOCAL_GET, ACC_A, ...extractLane(2), I32_ADD, LOCAL_GET, ACC_A, ...extractLane(3), I32_ADD,
	END,
];

/** Memory pages of 64 KiB: one window of bytes to sum plus room to align its start. */
const PAGES = 2;

export const SIMD_SUM_MODULE = new Uint8Array([
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	...section(1, [1, 0x60, 2, I32, I32, 1, I32]), // type 0: (i32, i32) → i32
	...section(3, [1, 0]), // function 0 has type 0
	...section(5, [1, 0x00, PAGES]), // one memory, PAGES pages, no maximum
	...section(7, [2, ...name('sum'), 0x00, 0, ...name('memory'), 0x02, 0]),
	...section(10, [1, ...leb128(body.length), ...body]),
]);

/** Bytes one call may sum (a multiple of 16); the memory holds this plus 16 for alignment. */
export const SIMD_WINDOW = 64 * 1024;

export interface SimdSum {
	/** Little-endian word sum of memory[at, at + length): `length` a multiple of 16, at most SIMD_WINDOW. */
	sum(at: number, length: number): number;
	/** The module's memory, where the bytes to sum are copied first. */
	memory: Uint8Array;
}

/** The little of the WebAssembly JS API used here (the project's TypeScript libs leave it out). */
interface WebAssemblyApi {
	validate(bytes: Uint8Array): boolean;
	Module: new (bytes: Uint8Array) => object;
	Instance: new (module: object) => {exports: {sum: (at: number, length: number) => number; memory: {buffer: ArrayBuffer}}};
}

/** The compiled module, or null where WebAssembly or its SIMD instructions are missing. */
export function instantiateSimdSum(): SimdSum | null {
	const wasm = (globalThis as {WebAssembly?: WebAssemblyApi}).WebAssembly;
	try {
		if (wasm === undefined || !wasm.validate(SIMD_SUM_MODULE)) return null;
		const {exports} = new wasm.Instance(new wasm.Module(SIMD_SUM_MODULE));
		return {sum: exports.sum, memory: new Uint8Array(exports.memory.buffer)};
	} catch {
		return null;
	}
}

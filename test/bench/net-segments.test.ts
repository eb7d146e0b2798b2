// The like-for-like reference of `--stack-ratio` (bench/net-segments.ts) must really carry
// 1 460-byte segments: on the machine's own loopback the same transfer moves tens of kilobytes
// per packet (GSO), which is what it exists to tell apart.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {segmentedLoopbackUnavailable, segmentedNetTransfer} from '../../bench/net-segments.js';

const whyNot = segmentedLoopbackUnavailable();

test('net on the private loopback moves every byte in packets of at most one segment', {skip: whyNot ?? false}, () => {
	const total = 2_000_000;
	const result = segmentedNetTransfer(total);
	assert.ok(result.bytes >= total, `moved ${result.bytes} of ${total}`);
	// Data packets carry at most 1 448 bytes (MTU 1500 with timestamps); ACKs bring the mean lower.
	assert.ok(result.bytesPerPacket > 100 && result.bytesPerPacket <= 1448, `bytes per packet ${result.bytesPerPacket}`);
	assert.ok(result.mbPerCpuSecond > 0);
});

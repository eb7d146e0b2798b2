import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {CongestionPlots} from '../../source/demo/Plot.js';
import {recordingController} from './play.js';

test('the plot view of the congestion lesson: both graphs fit the size, with titles, axes and legends', () => {
	const {controller} = recordingController('congestion', 'ko');
	for (let i = 0; i < 4; i++) {
		controller.next();
		assert.ok(controller.finishStep());
	}
	const {lastFrame, unmount} = render(
		<CongestionPlots recorder={controller.recorder} now={controller.world.now()} width={80} height={22} lang="ko" color={false} />,
	);
	const lines = lastFrame()!.split('\n');
	unmount();
	assert.equal(lines.length, 22);
	for (const line of lines) assert.ok(stringWidth(line) <= 80, `${stringWidth(line)} columns: ${line}`);
	assert.equal(lines[0], '시간에 따른 cwnd와 ssthresh');
	assert.ok(lines.some((l) => l.startsWith('시간에 따른 순서번호(Stevens 그래프)')));
	const text = lines.join('\n');
	assert.ok(text.includes('█') && text.includes('─'), 'cwnd area and ssthresh line');
	assert.ok(text.includes('✗') && text.includes('R'), 'losses and retransmissions in the Stevens graph');
	assert.match(text, /0\.0s +1\d\.\ds/, 'the time axis spans the run');
	assert.match(text, /█ cwnd {2}─ ssthresh/);
	assert.match(text, /• 송신 {2}R 재전송 {2}✗ 손실 {2}- ACK/);
});

import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {CaptionBar, captionBarHeight} from '../../source/demo/CaptionBar.js';

const ko = '클라이언트 창: connect()가 SYN_SENT 상태에서 블록되어 있습니다. 가운데 링크 열의 SYN은 seq=2342206923를 싣고 있습니다. 임의로 정해진 클라이언트의 초기 순서번호(ISN)입니다.';

test('CaptionBar: title, step k/n, the caption wrapped to the width in Korean, and the key hints', () => {
	const {lastFrame, unmount} = render(<CaptionBar title="3-way 핸드셰이크" stepIndex={1} stepCount={6} caption={ko} width={60} lang="ko" color={false} />);
	const lines = lastFrame()!.split('\n');
	unmount();
	assert.match(lines[0]!, /^── 3-way 핸드셰이크 ─+ 단계 2\/6 ──$/);
	for (const line of lines) assert.ok(stringWidth(line) <= 60, `'${line}' is ${stringWidth(line)} columns`);
	assert.equal(stringWidth(lines[0]!), 60);
	assert.ok(lines.join('').replace(/\s/g, '').includes(ko.replace(/\s/g, '')), 'the whole caption is shown');
	assert.match(lines[lines.length - 1]!, /→\/n 다음 {2}← 이전 {2}j 단계 {2}Esc 나가기$/);
	assert.equal(lines.length, captionBarHeight({caption: ko, width: 60}));
});

test('CaptionBar: the introduction has no back hint, the last step no next hint, a failure is wrapped whole', () => {
	const intro = render(<CaptionBar title="Refused" stepIndex={-1} stepCount={3} caption="connect() to a closed port." width={50} lang="en" color={false} />);
	const introLines = intro.lastFrame()!.split('\n');
	intro.unmount();
	assert.match(introLines[0]!, /step 0\/3/);
	assert.match(introLines[introLines.length - 1]!, /→\/n next {2}j steps {2}Esc leave$/);
	const last = render(<CaptionBar title="Refused" stepIndex={2} stepCount={3} caption="Done." message="x.tcptui:6:1: timed out after 2s waiting until client state ESTABLISHED" width={50} lang="en" color={false} ascii />);
	const lastLines = last.lastFrame()!.split('\n');
	last.unmount();
	assert.match(lastLines[0]!, /^-- Refused -+ step 3\/3 --$/);
	// The message is never cut: it goes on on the next line. --ascii: the arrow is plain ASCII too.
	assert.match(lastLines[2]!, /^x\.tcptui:6:1: timed out after 2s waiting until$/);
	assert.match(lastLines[3]!, /^client state ESTABLISHED$/);
	assert.match(lastLines[4]!, /< back {2}j steps {2}Esc leave$/);
	assert.equal(lastLines.length, captionBarHeight({caption: 'Done.', width: 50, message: 'x.tcptui:6:1: timed out after 2s waiting until client state ESTABLISHED'}));
});

/** Every page of a caption bar, from page 0 until the pages come round again. */
function pages(caption: string, width: number, maxLines: number, lang: 'en' | 'ko'): string[][] {
	const shown: string[][] = [];
	for (let page = 0; page < 20; page++) {
		const {lastFrame, unmount} = render(<CaptionBar title="t" stepIndex={0} stepCount={2} caption={caption} width={width} maxLines={maxLines} page={page} lang={lang} color={false} />);
		const lines = lastFrame()!.split('\n');
		unmount();
		if (page > 0 && lines.join('\n') === shown[0]!.join('\n')) break;
		shown.push(lines);
	}
	return shown;
}

test('CaptionBar: a caption longer than maxLines is shown a page at a time; the hint line says how much is below and that e shows it (en, ko)', () => {
	const en = 'The client writes "hello". Its data segment has seq=1: the same number as the handshake ACK, because an ACK without data consumes no sequence number. '.repeat(5);
	for (const [lang, caption, below, top] of [['en', en, /^▼ (\d+) more lines?: e {2,}/, /^▲ e: from the top {2,}/], ['ko', ko.repeat(4), /^▼ (\d+)줄 더 있음: e {2,}/, /^▲ e: 처음부터 {2,}/]] as const) {
		const all = pages(caption, 80, 4, lang);
		// The whole caption wrapped at once: the pages are its lines, four at a time, the last one ending with it.
		const whole = pages(caption, 80, 10_000, lang)[0]!.slice(1, -1);
		assert.equal(all.length, Math.ceil(whole.length / 4), `${lang}: pages`);
		const height = captionBarHeight({caption, width: 80, maxLines: 4});
		all.forEach((lines, i) => {
			// Every page is as tall (the screen above does not move), fits 80 columns, and keeps the key hints.
			assert.equal(lines.length, height, `${lang} page ${i}`);
			assert.equal(lines.length, 1 + 4 + 1);
			for (const line of lines) assert.ok(stringWidth(line) <= 80, `${lang}: '${line}'`);
			const hint = lines.at(-1)!;
			assert.match(hint, lang === 'en' ? /→\/n next {2}← back {2}j steps {2}Esc leave$/ : /→\/n 다음 {2}← 이전 {2}j 단계 {2}Esc 나가기$/);
			const last = i === all.length - 1;
			assert.deepEqual(lines.slice(1, -1), last ? whole.slice(-4) : whole.slice(4 * i, 4 * i + 4), `${lang} page ${i}`);
			if (last) {
				assert.match(hint, top, `${lang}: the last page`);
			} else {
				// The number of lines below is the truth: the lines of the caption after this page.
				assert.equal(Number(below.exec(hint)?.[1]), whole.length - 4 * (i + 1), `${lang} page ${i}: ${hint}`);
			}
		});
	}
});

test('CaptionBar: a caption that fits has no page note; at 40 columns the note keeps its place and the key hints give way', () => {
	const {lastFrame, unmount} = render(<CaptionBar title="t" stepIndex={0} stepCount={2} caption="short" width={80} lang="en" color={false} />);
	const frame = lastFrame()!;
	unmount();
	assert.ok(!frame.includes('▼') && !frame.includes('▲'));
	const narrow = pages(ko.repeat(4), 40, 3, 'ko');
	for (const lines of narrow) {
		assert.equal(lines.length, 1 + 3 + 1);
		assert.match(lines.at(-1)!, /^[▼▲] /);
		for (const line of lines) assert.ok(stringWidth(line) <= 40, line);
	}
});

test('CaptionBar: without the hint line it is one row shorter', () => {
	const {lastFrame, unmount} = render(<CaptionBar title="t" stepIndex={0} stepCount={2} caption="short" width={40} lang="en" color={false} hints={false} />);
	const lines = lastFrame()!.split('\n');
	unmount();
	assert.equal(lines.length, 2);
	assert.equal(captionBarHeight({caption: 'short', width: 40, hints: false}), 2);
});

test('CaptionBar: the step title follows the lesson title, cut to fit', () => {
	const {lastFrame, unmount} = render(<CaptionBar title="재전송과 혼잡 제어" stepTitle="빠른 재전송, 빠른 회복, 혼잡 회피" stepIndex={2} stepCount={5} caption="x" width={60} lang="ko" color={false} />);
	const first = lastFrame()!.split('\n')[0]!;
	unmount();
	assert.equal(stringWidth(first), 60);
	assert.match(first, /^── 재전송과 혼잡 제어 · 빠른 재전송, 빠른.* 단계 3\/5 ──$/);
});

test('CaptionBar: a finished lesson says so on the hint line, in both languages', () => {
	for (const [lang, marker] of [['en', '✓ lesson finished'], ['ko', '✓ 강의 끝']] as const) {
		const {lastFrame, unmount} = render(<CaptionBar title="t" stepIndex={1} stepCount={2} caption="Done." finished width={60} lang={lang} color={false} />);
		const lines = lastFrame()!.split('\n');
		unmount();
		assert.ok(lines[lines.length - 1]!.includes(marker), lines.join('\n'));
	}
	const {lastFrame, unmount} = render(<CaptionBar title="t" stepIndex={0} stepCount={2} caption="Done." width={60} lang="en" color={false} />);
	const frame = lastFrame()!;
	unmount();
	assert.ok(!frame.includes('lesson finished'));
});

test('CaptionBar: a title too long for the rule is cut with an ellipsis, the step count whole (en, ko, ASCII)', () => {
	const cases = [
		{lang: 'ko' as const, title: '연결 종료: 클라이언트가 먼저 닫기', step: '서버가 닫음: LAST_ACK, 곧바로 CLOSED', ascii: false, cut: /── 연결 종료: 클라이언트가 먼저 닫기 · 서버가 닫음: LAST_ACK, 곧?바?… ─+ 단계 4\/5 ──$/},
		{lang: 'en' as const, title: 'Retransmission and congestion control', step: 'Fast retransmit, fast recovery, congestion avoidance', ascii: false, cut: /── Retransmission and congestion control · Fast retransmit, fast… ─+ step 3\/5 ──$/},
		{lang: 'en' as const, title: 'Retransmission and congestion control', step: 'Fast retransmit, fast recovery, congestion avoidance', ascii: true, cut: /^-- Retransmission and congestion control .+ fast~ -+ step 3\/5 --$/},
	];
	for (const c of cases) {
		const index = c.lang === 'ko' ? 3 : 2;
		const {lastFrame, unmount} = render(<CaptionBar title={c.title} stepTitle={c.step} stepIndex={index} stepCount={5} caption="x" width={80} lang={c.lang} ascii={c.ascii} color={false} />);
		const rule = (lastFrame() ?? '').split('\n')[0]!;
		unmount();
		assert.ok(stringWidth(rule) <= 80, rule);
		assert.match(rule, c.cut);
	}
});

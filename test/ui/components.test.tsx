import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {createWorld} from '../../source/sim/world.js';
import {App} from '../../source/ui/App.js';
import {fitKeys, KeyBar} from '../../source/ui/Bars.js';
import {uiText} from '../../source/i18n/ui.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi, UiContext, type Ui} from '../../source/ui/context.js';
import {Diagram, DIAGRAM} from '../../source/ui/Diagram.js';
import {Help, HELP_SECTIONS} from '../../source/ui/Help.js';
import {drawArrow, Ladder} from '../../source/ui/Ladder.js';
import {LinkSettings} from '../../source/ui/LinkSettings.js';
import {TuiModel} from '../../source/ui/model.js';
import {Pane} from '../../source/ui/Pane.js';
import {SegmentDetail} from '../../source/ui/SegmentDetail.js';
import {UiStore} from '../../source/ui/store.js';
import {DEFAULT_LINK_CONFIG} from '../../source/link/config.js';
import {connectedWorld, CONNECT_KEYS, key, typeKeys} from './helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

function frame(node: React.ReactNode, ui: Ui = makeUi('en', false, false)): string {
	const {lastFrame, unmount} = render(<UiContext.Provider value={ui}>{node}</UiContext.Provider>);
	const out = lastFrame() ?? '';
	unmount();
	return out;
}

function serverPane(lang: 'en' | 'ko', ascii = false): string {
	const {world, store, serverFd} = connectedWorld();
	const snap = world.snapshot();
	const selected = snap.server.sockets.find((s) => s.fd === serverFd) ?? null;
	return frame(
		<Pane side="server" host={snap.server} selected={selected} calls={store.callLog('server')} now={world.now()} focused width={30} height={22} tall={false} />,
		makeUi(lang, ascii, false),
	);
}

test('pane: address, big state, sockets, TCB and call log', () => {
	const out = serverPane('en');
	assert.match(out, /Server 10\.0\.0\.2:80/);
	assert.match(out, / ESTABLISHED /);
	assert.match(out, /fd3 LISTEN :80/);
	assert.match(out, /▸fd4 ESTABLISHED 10\.0\.0\.1:/);
	for (const field of ['SND.UNA', 'SND.NXT', 'RCV.NXT', 'ISS', 'IRS']) assert.match(out, new RegExp(field));
	assert.match(out, /accept\(\) → 4/);
});

test('at 80 columns the client pane title keeps its whole address in both languages, with and without colour (the label gives way first)', () => {
	for (const lang of ['en', 'ko'] as const) {
		for (const color of [true, false]) {
			const model = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined});
			typeKeys(model, CONNECT_KEYS);
			model.world.runFor(1000);
			const socket = model.world.snapshot().client.sockets.find((s) => s.connection)!;
			const address = `10.0.0.1:${socket.local!.port}`;
			assert.ok(socket.local!.port >= 10_000, 'a five-digit port: the longest title');
			const {lastFrame, unmount} = render(<App model={model} ui={makeUi(lang, false, color)} size={{columns: 80, rows: 24}} />);
			const titles = (lastFrame() ?? '').split('\n').find((line) => line.includes('10.0.0.2'))!;
			unmount();
			assert.ok(titles.includes(address), `${lang}, colour ${color}: ${titles}`);
			assert.match(titles, lang === 'en' ? /Cli(ent)? 10\.0\.0\.1/ : /클라(이언트)? 10\.0\.0\.1/);
			assert.match(titles, lang === 'en' ? /Server 10\.0\.0\.2:80/ : /서버 10\.0\.0\.2:80/);
		}
	}
	// A pane wide enough keeps the whole label.
	const {world, store, clientFd} = connectedWorld();
	const snap = world.snapshot();
	const selected = snap.client.sockets.find((s) => s.fd === clientFd) ?? null;
	const wide = frame(
		<Pane side="client" host={snap.client} selected={selected} calls={store.callLog('client')} now={world.now()} focused width={36} height={22} tall={false} />,
		makeUi('ko', false, false),
	);
	assert.match(wide, new RegExp(`클라이언트 10\\.0\\.0\\.1:${selected!.local!.port}`));
});

test('pane in Korean keeps every row the same width (double-width text measured)', () => {
	const out = serverPane('ko');
	assert.match(out, /서버 10\.0\.0\.2:80/);
	const widths = new Set(out.split('\n').map((line) => stringWidth(line)));
	assert.deepEqual([...widths], [30]);
});

test('pane and whole screen under --ascii are plain ASCII (Korean text aside)', () => {
	const out = serverPane('en', true);
	assert.doesNotMatch(out, /[^\x00-\x7f]/);
	for (const lang of ['en', 'ko'] as const) {
		const model = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined});
		for (const view of ['main', 'help', 'diagram', 'link'] as const) {
			model.view = view;
			const screen = frame(<App model={model} ui={makeUi(lang, true, false)} size={{columns: 80, rows: 24}} />, makeUi(lang, true, false));
			const foreign = screen.replace(/[\uac00-\ud7a3]/g, '').match(/[^\x00-\x7f]/g);
			assert.equal(foreign, null, `${lang} ${view}: ${foreign?.join(' ')}`);
		}
		model.dispose();
	}
	assert.match(out, /accept\(\) -> 4/);
});

test('ladder: arrows point the right way, labels, blocked arrows travel', () => {
	const {world, store} = connectedWorld();
	const out = frame(<Ladder entries={store.ladder} progress={new Map()} width={40} height={8} selectedId={null} relative twoLine={false} showTimes={false} />);
	const lines = out.split('\n');
	assert.match(lines[0]!, /relative seq/);
	assert.match(lines[1]!, /SYN seq=0 win=65535.*▶│$/);
	assert.match(lines[2]!, /^│◀.*SYN,ACK seq=0 ack=1 win=65535/);
	assert.match(lines[3]!, /ACK seq=1 ack=1.*▶│$/);
	// An arrow half-way: the head sits in the middle and the rest of the row is empty.
	const half = drawArrow(store.ladder[0]!, 0.5, '', 21, makeUi('en', false, false));
	assert.equal(half, '──────────▶          ');
	const lost = drawArrow({...store.ladder[0]!, fate: 'lost'}, 0.5, '', 21, makeUi('en', false, false));
	assert.equal(lost, '──────────✗          ');
	assert.ok(world.now() > 0);
});

test('ladder marks a lost segment and selects one', () => {
	const world = createWorld({seed: 2, link: {c2s: {loss: 100}}});
	const store = new UiStore();
	world.on((e) => store.apply(e));
	const fd = world.client.socket().result!;
	world.client.connect(fd, world.server.addr, 80);
	world.runFor(300);
	const out = frame(<Ladder entries={store.ladder} progress={new Map()} width={44} height={5} selectedId={store.ladder[0]!.id} relative twoLine={false} showTimes={false} />);
	assert.match(out, /lost ✗ SYN seq=0 win=65535/);
});

test('segment detail shows every header field and the checksum verdict', () => {
	const {store} = connectedWorld();
	const out = frame(<SegmentDetail entry={store.ladder[1]!} width={80} height={22} />);
	for (const field of ['IP src → dst', 'IP checksum', 'TCP ports', 'seq', 'ack', 'data offset', 'flags', 'window', 'TCP checksum', 'urgent pointer', 'options', 'payload']) {
		assert.ok(out.includes(field), `missing ${field}`);
	}
	assert.match(out, /SYN,ACK/);
	assert.match(out, /TCP checksum\s+0x[0-9a-f]{4} valid/);
	assert.match(out, /mss=1460/);
});

test('link settings list every impairment for both directions, with the cursor and the error', () => {
	const out = frame(
		<LinkSettings c2s={{...DEFAULT_LINK_CONFIG, loss: 10}} s2c={DEFAULT_LINK_CONFIG} cursor={{field: 2, dir: 's2c', text: '150', error: 'loss (%): must be between 0 and 100'}} width={80} height={20} />,
	);
	for (const label of ['delay (ms)', 'jitter (ms)', 'loss (%)', 'duplicate (%)', 'corrupt (%)', 'reorder (%)', 'rate', 'queue limit']) assert.ok(out.includes(label), label);
	assert.match(out, /c2s \(Client→Server\)/);
	assert.match(out, /10%/);
	assert.match(out, /150_/);
	assert.match(out, /must be between 0 and 100/);
});

test('help lists every key, in both languages, at 80×23 a page at a time, nothing cut or pushed off', () => {
	for (const lang of ['en', 'ko'] as const) {
		const ui = makeUi(lang, false, false);
		const pages = [0, 1].map((page) => frame(<Help width={80} height={23} page={page} />, ui));
		const all = pages.join('\n');
		for (const section of HELP_SECTIONS) {
			assert.ok(all.includes(ui.t(section.title)), `${lang}: section ${section.title}`);
			for (const [keyName, description] of section.keys) {
				assert.ok(all.includes(keyName), `${lang}: ${keyName}`);
				assert.ok(all.includes(ui.t(description)), `${lang}: ${keyName} is described whole`);
			}
		}
		for (const out of pages) {
			const lines = out.split('\n');
			assert.ok(lines.length <= 23, `${lang}: ${lines.length} lines`);
			// The title is on top and the footer (with the page) at the bottom: nothing pushed them off.
			assert.match(lines[0]!, lang === 'en' ? /Keys/ : /키/);
			assert.match(lines.at(-1)!, /\/2/);
			assert.ok(!out.includes('…'), `${lang}: a description is cut:\n${out}`);
		}
		assert.match(pages[0]!.split('\n')[1]!, new RegExp(ui.t('paneKeys').replace(/[()]/g, '.')));
		// ↓ past the last page wraps to the first.
		assert.equal(frame(<Help width={80} height={23} page={2} />, ui), pages[0]);
		// A tall screen shows it all at once, with no page count.
		const tall = frame(<Help width={160} height={49} />, ui);
		for (const section of HELP_SECTIONS) for (const [keyName] of section.keys) assert.ok(tall.includes(keyName), `${lang} tall: ${keyName}`);
		assert.doesNotMatch(tall, /\/\d/);
	}
});

test('help: ↓ and ↑ turn its pages; opening it again starts on the first', () => {
	const model = new TuiModel({lang: 'en', speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined});
	model.handleKey('?', key());
	assert.equal(model.view, 'help');
	model.handleKey('', key({downArrow: true}));
	assert.equal(model.helpPage, 1);
	model.handleKey('', key({pageUp: true}));
	model.handleKey('', key({upArrow: true}));
	assert.equal(model.helpPage, -1);
	model.handleKey('?', key());
	model.handleKey('?', key());
	assert.equal(model.helpPage, 0);
	model.dispose();
});

test('diagram: every state drawn once, both endpoints highlighted, last transition spelled out', () => {
	const states = DIAGRAM.join('\n').match(/\{[A-Z_0-9]+\}/g)!;
	assert.equal(states.length, 11);
	for (const line of DIAGRAM) assert.ok(stringWidth(line) <= 80);
	const out = frame(
		<Diagram client="FIN_WAIT_2" server="CLOSE_WAIT" clientLast={{t: 1200, fd: 3, conn: 'x', from: 'FIN_WAIT_1', to: 'FIN_WAIT_2', why: {code: 'fin-acked'}}} serverLast={null} width={80} height={23} />,
	);
	assert.match(out, /CFIN_WAIT_2/);
	assert.match(out, /SCLOSE_WAIT/);
	assert.match(out, /Client: FIN_WAIT_1 → FIN_WAIT_2 {2}\(received ACK of our FIN\) at 1\.200s/);
	assert.match(out, /Server: no transition yet/);
});

function app(columns: number, rows: number, lang: 'en' | 'ko' = 'en'): string {
	const model = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined});
	const out = frame(<App model={model} ui={makeUi(lang, false, false)} size={{columns, rows}} />);
	model.dispose();
	return out;
}

test('too small a terminal says so, in the chosen language', () => {
	assert.match(app(70, 20), /Please enlarge the terminal to at least 80×24 \(now 70×20\)/);
	assert.match(app(79, 30, 'ko'), /터미널을 80×24 이상으로 키워 주세요/);
});

// Too small, the screen says only "q quits": q quits even with a prompt open (where it would be typed),
// and other keys do nothing to the hidden session (a student's keys on a tiny window are not socket calls).
for (const lang of ['en', 'ko'] as const) {
	test(`too small a terminal: q quits, with a prompt open too; other keys do nothing (${lang})`, async () => {
		const quits: number[] = [];
		const model = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: (code) => quits.push(code)});
		const ui = makeUi(lang, false, false);
		const {lastFrame, stdin, rerender, unmount} = render(<App model={model} ui={ui} size={{columns: 60, rows: 20}} />);
		const settle = async (): Promise<void> => {
			for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
		};
		try {
			await settle();
			assert.match(lastFrame() ?? '', lang === 'en' ? /q quits/ : /q 키로 종료합니다/);
			for (const ch of ['s', 'b', '\r', 'w']) {
				stdin.write(ch);
				await settle();
			}
			// A function: TypeScript would keep model.prompt narrowed to null after the first assertion.
			const prompt = (): {kind: string; text: string} | null => model.prompt;
			assert.equal(prompt(), null, 'no prompt opened unseen');
			rerender(<App model={model} ui={ui} size={{columns: 80, rows: 24}} />);
			await settle();
			assert.doesNotMatch(lastFrame() ?? '', /socket\(\) → 3/, 'no socket made unseen');
			// A prompt opened at full size, then the window shrinks: q quits instead of being typed.
			stdin.write('c');
			await settle();
			assert.equal(prompt()?.kind, 'connect');
			rerender(<App model={model} ui={ui} size={{columns: 60, rows: 20}} />);
			await settle();
			stdin.write('q');
			await settle();
			assert.deepEqual(quits, [0]);
			assert.ok(!prompt()?.text.includes('q'), 'q was not typed into the prompt');
		} finally {
			unmount();
			model.dispose();
		}
	});
}

test('the whole screen at 80×24 and 120×40 fits and shows every part', () => {
	for (const [columns, rows] of [[80, 24], [120, 40]] as const) {
		const out = app(columns, rows);
		const lines = out.split('\n');
		assert.equal(lines.length, rows - 1);
		for (const line of lines) assert.ok(stringWidth(line) <= columns, `${columns}: ${line}`);
		assert.match(lines[0]!, /tcp-tui {2}t=0\.000s {2}speed ×1/);
		assert.match(out, /Client 10\.0\.0\.1/);
		assert.match(out, /Server 10\.0\.0\.2/);
		assert.match(out, /c2s: delay 50ms/);
		assert.match(out, /s socket b bind L listen/);
	}
});

test('key bar: fits 80 columns in both languages and keeps help and quit; a wide screen shows every key', () => {
	for (const lang of ['en', 'ko'] as const) {
		for (const ascii of [false, true]) {
			const narrow = frame(<KeyBar width={80} />, makeUi(lang, ascii, false)).split('\n');
			assert.equal(narrow.length, 2);
			for (const line of narrow) assert.ok(stringWidth(line) <= 80, `${lang}: ${stringWidth(line)}: ${line}`);
			assert.match(narrow[0]!, /^ s (socket|소켓) b bind L listen a accept c connect w write v read/);
			assert.match(narrow[1]!, /\? (help|도움말) q (quit|종료)$/);
			assert.match(narrow[1]!, /g (plot|그래프)/);
		}
		const wide = frame(<KeyBar width={200} />, makeUi(lang, false, false));
		for (const k of ['X abort', 'K kill', 'h shutdown', '. ', '[ ] ', 'r ', 'g ', 'd ', 't ', 'l ']) assert.ok(wide.includes(k), `${lang}: ${k}`);
	}
	// Most needed first: a very narrow bar keeps help and quit before anything else.
	assert.deepEqual(fitKeys([['a', 'kbAccept', 2], ['?', 'kbHelp', 0], ['q', 'kbQuit', 0]], 14, (k) => uiText('en', k)).map((i) => i.key), ['?', 'q']);
});

test('a message (after r, or leaving a demo) is shown whole on the key bar at 80 columns, in both languages', () => {
	for (const [lang, text] of [['en', 'Reset: a new world with the same options.'], ['ko', '리셋: 같은 설정으로 새로 시작합니다.']] as const) {
		const model = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined});
		model.reset();
		const lines = frame(<App model={model} ui={makeUi(lang, false, false)} size={{columns: 80, rows: 24}} />, makeUi(lang, false, false)).split('\n');
		assert.equal(lines.at(-2), ' ' + text);
		assert.ok(!lines[0]!.includes(text.slice(0, 6)), 'not also in the top bar');
		model.dispose();
	}
});

// Issue 12, the UDP tunnel: it trusts its peer's source address and port, so it binds loopback by
// default; bound anywhere else, the remote pane and `run` say so plainly, in both languages.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {makeUi, UiContext} from '../../source/ui/context.js';
import {Pane} from '../../source/ui/Pane.js';
import {createWorld} from '../../source/sim/world.js';
import {DEFAULT_WIRE_BIND, exposedBind} from '../../source/wire/spec.js';
import {cli} from '../cli/spawn.js';

test('the tunnel binds loopback by default; any other bind address is reported as exposed', () => {
	assert.equal(DEFAULT_WIRE_BIND, '127.0.0.1');
	assert.equal(exposedBind({localPort: 40001}), null);
	assert.equal(exposedBind({localPort: 40001, bindHost: '127.0.0.5'}), null);
	assert.equal(exposedBind({localPort: 40001, bindHost: 'localhost'}), null);
	assert.equal(exposedBind({localPort: 40001, bindHost: '0.0.0.0'}), '0.0.0.0:40001');
	assert.equal(exposedBind({localPort: 40001, bindHost: '192.168.1.10'}), '192.168.1.10:40001');
});

test('the remote pane warns when the tunnel is open beyond loopback (en, ko), and says "remote" otherwise', () => {
	const host = createWorld({seed: 1}).snapshot().server;
	const draw = (lang: 'en' | 'ko', exposed: string | null) => {
		const {lastFrame, unmount} = render(
			<UiContext.Provider value={makeUi(lang, false, false)}>
				<Pane side="server" host={host} selected={null} calls={[]} now={0} focused={false} width={40} height={12} tall={false} remote exposed={exposed} />
			</UiContext.Provider>,
		);
		const out = lastFrame() ?? '';
		unmount();
		return out;
	};
	assert.match(draw('en', '0.0.0.0:40001'), /! UDP 0\.0\.0\.0:40001 open to all/);
	assert.match(draw('ko', '0.0.0.0:40001'), /! UDP 0\.0\.0\.0:40001 외부에 열림/);
	assert.match(draw('en', null), /remote \(real network\)/);
	assert.doesNotMatch(draw('en', null), /open to all/);
});

test('run --wire bound beyond loopback prints the warning before anything else', () => {
	const result = cli(['run', 'handshake', '--wire', 'udp:47917:127.0.0.1:47918,bind=0.0.0.0', '--pcap', '/nonexistent-dir/x.pcap']);
	assert.equal(result.status, 2);
	const [first] = result.stderr.split('\n');
	assert.equal(first, "warning: the tunnel listens on UDP 0.0.0.0:47917, not loopback: anyone who can send from the peer's address and port can inject packets");
	const loopback = cli(['run', 'handshake', '--wire', 'udp:47917:127.0.0.1:47918', '--pcap', '/nonexistent-dir/x.pcap']);
	assert.doesNotMatch(loopback.stderr, /warning/);
});

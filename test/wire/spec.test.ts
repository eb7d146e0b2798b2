import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatWireSpec, parseWireSpec} from '../../source/wire/spec.js';

test('the plain form parses', () => {
	assert.deepEqual(parseWireSpec('udp:40001:127.0.0.1:40002'), {ok: true, spec: {localPort: 40001, remoteHost: '127.0.0.1', remotePort: 40002}});
	assert.deepEqual(parseWireSpec('udp:5000:teacher.local:5001'), {ok: true, spec: {localPort: 5000, remoteHost: 'teacher.local', remotePort: 5001}});
});

test('addresses and the bind host can be changed', () => {
	const parsed = parseWireSpec('udp:1:127.0.0.1:2,addr=10.9.0.1,peer=10.9.0.2,bind=0.0.0.0');
	assert.deepEqual(parsed, {ok: true, spec: {localPort: 1, remoteHost: '127.0.0.1', remotePort: 2, localAddr: '10.9.0.1', remoteAddr: '10.9.0.2', bindHost: '0.0.0.0'}});
	assert.ok(parsed.ok);
	assert.equal(formatWireSpec(parsed.spec), 'udp:1:127.0.0.1:2,addr=10.9.0.1,peer=10.9.0.2,bind=0.0.0.0');
});

test('mistakes are one-line messages naming the problem', () => {
	const cases: Array<[string, RegExp]> = [
		['tcp:1:127.0.0.1:2', /expected udp:LOCALPORT:REMOTEHOST:REMOTEPORT/],
		['udp:1:127.0.0.1', /expected udp:/],
		['udp:x:127.0.0.1:2', /LOCALPORT "x" is not a port number/],
		['udp:70000:127.0.0.1:2', /LOCALPORT 70000 is out of range/],
		['udp:1:127.0.0.1:0', /REMOTEPORT 0 is out of range/],
		['udp:1:a b:2', /REMOTEHOST "a b"/],
		['udp:1:h:2,addr=10.9.0.300', /addr=10.9.0.300 is not an IPv4 address/],
		['udp:1:h:2,mtu=1400', /unknown option "mtu=1400"/],
		['udp:1:h:2,addr=10.9.0.1', /addr and peer must differ/],
	];
	for (const [text, pattern] of cases) {
		const parsed = parseWireSpec(text);
		assert.equal(parsed.ok, false, text);
		if (!parsed.ok) {
			assert.match(parsed.message, pattern, text);
			assert.ok(parsed.message.startsWith(`--wire "${text}": `));
			assert.ok(!parsed.message.includes('\n'));
		}
	}
});

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {
	closest, parseBoolean, parseCidr, parseDuration, parseEndpoint, parseInteger, parseNumber, parsePercent, parseRate,
} from '../../source/scenario/units.js';

const value = <T>(r: {ok: true; value: T} | {ok: false; error: string}): T => {
	if (!r.ok) assert.fail(r.error);
	return r.value;
};
const error = (r: {ok: true; value: unknown} | {ok: false; error: string}): string => {
	assert.equal(r.ok, false, 'expected an error');
	return r.ok ? '' : r.error;
};

test('durations', () => {
	assert.equal(value(parseDuration('250ms')), 250);
	assert.equal(value(parseDuration('2s')), 2000);
	assert.equal(value(parseDuration('1.5s')), 1500);
	assert.equal(value(parseDuration('2m')), 120_000);
	assert.equal(value(parseDuration('1h')), 3_600_000);
	assert.equal(value(parseDuration('40')), 40);
	assert.equal(value(parseDuration('0.5ms')), 0.5);
	assert.equal(value(parseDuration('2S')), 2000);
	assert.equal(error(parseDuration('fast')), "'fast' is not a duration (examples: 250ms, 2s, 1.5s, 2m)");
	assert.ok(!parseDuration('-1s').ok);
	assert.ok(!parseDuration('2 s').ok);
	assert.ok(!parseDuration('').ok);
	assert.ok(!parseDuration('2sec2').ok);
});

test('percentages: 0..100, with or without %', () => {
	assert.equal(value(parsePercent('30%')), 30);
	assert.equal(value(parsePercent('30')), 30);
	assert.equal(value(parsePercent('0.5%')), 0.5);
	assert.equal(value(parsePercent('100%')), 100);
	assert.equal(value(parsePercent('0')), 0);
	assert.equal(error(parsePercent('150%')), "'150%' is out of range: a percentage lies between 0% and 100%");
	assert.equal(error(parsePercent('-5%')), "'-5%' is not a percentage (examples: 30%, 0.5%)");
	assert.ok(!parsePercent('30%%').ok);
	assert.ok(!parsePercent('half').ok);
});

test('rates in tc units: bit is bits, bps is bytes', () => {
	assert.equal(value(parseRate('1mbit')), 1_000_000);
	assert.equal(value(parseRate('500kbit')), 500_000);
	assert.equal(value(parseRate('10gbit')), 10_000_000_000);
	assert.equal(value(parseRate('8bit')), 8);
	assert.equal(value(parseRate('100kbps')), 800_000);
	assert.equal(value(parseRate('1mbps')), 8_000_000);
	assert.equal(value(parseRate('1.5mbit')), 1_500_000);
	assert.equal(value(parseRate('0')), 0);
	assert.ok(!parseRate('100').ok, 'a bare number other than 0 has no unit');
	assert.ok(!parseRate('fast').ok);
	assert.ok(!parseRate('1mb').ok);
});

test('booleans, integers, numbers', () => {
	for (const word of ['on', 'true', 'yes', 'ON', '1']) assert.equal(value(parseBoolean(word)), true);
	for (const word of ['off', 'false', 'no', 'No', '0']) assert.equal(value(parseBoolean(word)), false);
	assert.equal(error(parseBoolean('maybe')), "'maybe' is not on/off (use on, off, true, false, yes or no)");
	assert.equal(value(parseInteger('42', 0, 100)), 42);
	assert.equal(error(parseInteger('101', 0, 100)), "'101' is out of range (0 to 100)");
	assert.equal(error(parseInteger('4.2', 0, 100)), "'4.2' is not a whole number");
	assert.equal(value(parseNumber('0.05', 0.05, 50)), 0.05);
	assert.equal(error(parseNumber('0', 0.05, 50)), "'0' is out of range (0.05 to 50)");
	assert.ok(!parseNumber('1e3', 0, 1e6).ok);
});

test('endpoints and networks', () => {
	assert.deepEqual(value(parseEndpoint('10.0.0.2:80')), {addr: '10.0.0.2', port: 80});
	assert.ok(!parseEndpoint('10.0.0.2').ok);
	assert.ok(!parseEndpoint('10.0.0.256:80').ok);
	assert.ok(!parseEndpoint('10.0.0.2:0').ok);
	assert.deepEqual(value(parseCidr('10.0.9.0/24')), {network: 0x0a000900, prefix: 24});
	assert.deepEqual(value(parseCidr('10.0.9.77/24')), {network: 0x0a000900, prefix: 24});
	assert.deepEqual(value(parseCidr('192.168.1.1')), {network: 0xc0a80101, prefix: 32});
	assert.ok(!parseCidr('10.0.9.0/4').ok);
});

test('suggestions', () => {
	assert.equal(closest('conect', ['connect', 'close']), 'connect');
	assert.equal(closest('FIN_WAIT1', ['FIN_WAIT_1', 'FIN_WAIT_2']), 'FIN_WAIT_1');
	assert.equal(closest('zzzzzz', ['connect', 'close']), null);
});

test('errors exist in Korean too', () => {
	const result = parsePercent('150%');
	assert.equal(result.ok, false);
	if (!result.ok) assert.equal(result.errorText.ko, "'150%'은(는) 범위를 벗어났습니다: 백분율은 0%에서 100% 사이입니다");
	const duration = parseDuration('soon');
	if (!duration.ok) assert.equal(duration.errorText.en, duration.error);
});

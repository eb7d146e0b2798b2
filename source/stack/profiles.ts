// Stack profiles: named, coherent sets of StackConfig defaults. `textbook` is what the course
// notes describe (plain segments, few options, the RFCs' MUSTs and SHOULDs); `linux` answers as
// a current Linux kernel does. Every difference is one StackConfig setting (docs/stack.md has
// the table setting | RFC | textbook | linux); per-host options apply on top of a profile.
import {DEFAULT_STACK_CONFIG, type StackConfig} from './types.js';

export type StackProfileName = 'textbook' | 'linux';

export const STACK_PROFILES: readonly StackProfileName[] = ['textbook', 'linux'];

/** Where `linux` departs from `textbook`, and nothing else. */
export const LINUX_DIFFERENCES: Readonly<Partial<StackConfig>> = {
	initialWindow: 'rfc6928', // IW10
	timestamps: true,
	sack: true,
	wscaleShift: 7,
	synRetries: 6, // tcp_syn_retries: 7 SYNs, given up at 127 s
	maxRto: 120_000, // TCP_RTO_MAX
	minRto: 200, // TCP_RTO_MIN
	challengeAckLimit: {perConnectionMs: 500, globalPerSecond: 1000}, // tcp_invalid_ratelimit, tcp_challenge_ack_limit
	malformedOptions: 'ignore-option',
	synFinToListener: 'drop',
	timeWaitSyn: 'reopen-if-newer',
	rejectTooOldAck: true,
	zeroWindowProbe: 'snd-una-minus-1',
	finWait2Timeout: 60_000, // tcp_fin_timeout
	delayedAck: true,
	quickAckSegments: 16, // TCP_MAX_QUICKACKS
};

export const LINUX_STACK_CONFIG: Readonly<StackConfig> = {...DEFAULT_STACK_CONFIG, ...LINUX_DIFFERENCES};

/** On a real wire (--wire) our endpoint answers as the kernels it meets do, unless told otherwise. */
export const DEFAULT_WIRE_PROFILE: StackProfileName = 'linux';

/** The textbook profile is the default of lessons and free play. */
export const DEFAULT_PROFILE: StackProfileName = 'textbook';

export function isStackProfile(name: string): name is StackProfileName {
	return (STACK_PROFILES as readonly string[]).includes(name);
}

/** The full config a profile names (a fresh copy). */
export function profileConfig(name: StackProfileName): StackConfig {
	return {...(name === 'linux' ? LINUX_STACK_CONFIG : DEFAULT_STACK_CONFIG)};
}

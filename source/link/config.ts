// One direction of the link, in Linux netem's vocabulary (tc-netem(8)). Percentages are 0..100.
export interface LinkConfig {
	/** Fixed one-way delay, ms. */
	delay: number;
	/** Jitter, ms: delay is drawn from delay ± jitter (uniform), with `delayCorrelation`. */
	jitter: number;
	delayCorrelation: number;
	/** Random loss probability, %. */
	loss: number;
	lossCorrelation: number;
	/** Gilbert-Elliott burst loss; when set it replaces `loss`. Probabilities in %. */
	gilbertElliott: null | {p: number; r: number; lossInBad: number; lossInGood: number};
	duplicate: number;
	duplicateCorrelation: number;
	/** Flip a random bit in this % of packets. */
	corrupt: number;
	corruptCorrelation: number;
	/** netem's reorder: this % of packets are sent at once (no delay), the rest delayed. */
	reorder: number;
	reorderCorrelation: number;
	/** Bits per second; 0 means unlimited. */
	rate: number;
	/** Packets the rate limiter may queue before tail-dropping. */
	queueLimit: number;
}

export const DEFAULT_LINK_CONFIG: LinkConfig = {
	delay: 50,
	jitter: 0,
	delayCorrelation: 0,
	loss: 0,
	lossCorrelation: 0,
	gilbertElliott: null,
	duplicate: 0,
	duplicateCorrelation: 0,
	corrupt: 0,
	corruptCorrelation: 0,
	reorder: 0,
	reorderCorrelation: 0,
	rate: 0,
	queueLimit: 1000,
};

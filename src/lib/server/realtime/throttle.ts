/** A token bucket: `rate` tokens a second, holding at most `burst`. */
export class TokenBucket {
	private tokens: number;
	private last = Date.now();

	constructor(
		private readonly rate: number,
		private readonly burst: number
	) {
		this.tokens = burst;
	}

	/** Takes `cost` tokens if there are that many (a costly request takes more than one). */
	take(cost = 1): boolean {
		const now = Date.now();
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
		this.last = now;
		if (this.tokens < cost) return false;
		this.tokens -= cost;
		return true;
	}
}

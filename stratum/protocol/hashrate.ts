// Decayed hashrate averages (ckpool style): each accepted share adds its difficulty and the sum
// decays exponentially; sum/tau estimates difficulty-1 shares per second at steady state.

/** Hashes behind one difficulty-1 share. */
const HASHES_PER_DIFF1 = 2 ** 32;

export const RATE_SPANS_S = [60, 300, 3600, 86400] as const;

export class DecayedRate {
  private readonly sums = [0, 0, 0, 0];
  private last: number;

  constructor(now: number) {
    this.last = now;
  }

  add(diff: number, now: number): void {
    this.decay(now);
    for (let i = 0; i < 4; i++) this.sums[i]! += diff;
  }

  /** Hashes per second over each span in RATE_SPANS_S. */
  rates(now: number): [number, number, number, number] {
    this.decay(now);
    return [0, 1, 2, 3].map((i) => (this.sums[i]! / RATE_SPANS_S[i]!) * HASHES_PER_DIFF1) as [number, number, number, number];
  }

  private decay(now: number): void {
    const dt = (now - this.last) / 1000;
    if (dt <= 0) return;
    this.last = now;
    for (let i = 0; i < 4; i++) this.sums[i]! *= Math.exp(-dt / RATE_SPANS_S[i]!);
  }
}

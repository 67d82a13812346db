// The one hashrate estimator of the project: exponentially decayed averages (ckpool's approach,
// which reads better than fixed slots), corrected for a short history. The pool's
// hashrate_update events and the app's dashboards (src/mining, through stratum/index.ts) both
// read it, so the numbers a miner sees agree everywhere.
//
// The estimate divides the decayed work by the decayed *time observed*, so a worker seen for
// 10 minutes shows its 10-minute average in the 1d and 7d figures instead of a number 144
// times too small:
//   rate(t) = Σ d_i·e^{-(t-t_i)/τ} / ∫_{start}^{t} e^{-(t-s)/τ} ds = S(t) / (τ·(1 - e^{-(t-start)/τ}))
// and each unit of share difficulty stands for 2^32 hashes.

export const HASHES_PER_DIFF = 2 ** 32;

export const WINDOWS = ["1m", "5m", "1h", "1d", "7d"] as const;
export type Window = (typeof WINDOWS)[number];
const TAU_MS: readonly number[] = [60_000, 300_000, 3_600_000, 86_400_000, 604_800_000];

export type Hashrates = Record<Window, number>;

export const ZERO_RATES: Hashrates = { "1m": 0, "5m": 0, "1h": 0, "1d": 0, "7d": 0 };

export class DecayedRates {
  private readonly sums = new Float64Array(TAU_MS.length);
  private last: number;

  /** `start` is when observation began (connection or first share), in unix ms. */
  constructor(private start: number) {
    this.last = start;
  }

  /** Credits `difficulty` of accepted work at time `at`. Late events are credited without decay. */
  add(difficulty: number, at: number): void {
    if (!(difficulty > 0) || !Number.isFinite(difficulty)) return;
    if (at < this.start) this.start = at;
    if (at > this.last) {
      const dt = at - this.last;
      for (let i = 0; i < TAU_MS.length; i++) this.sums[i]! *= Math.exp(-dt / TAU_MS[i]!);
      this.last = at;
    }
    for (let i = 0; i < TAU_MS.length; i++) this.sums[i]! += difficulty;
  }

  /** Hashes per second for every window, as seen at `at`. */
  at(at: number): Hashrates {
    const out = { ...ZERO_RATES };
    const observed = Math.max(at, this.last) - this.start;
    if (observed <= 0) return out;
    const since = Math.max(0, at - this.last);
    for (let i = 0; i < TAU_MS.length; i++) {
      const tau = TAU_MS[i]!;
      const seconds = (tau / 1000) * -Math.expm1(-observed / tau);
      out[WINDOWS[i]!] = ((this.sums[i]! * Math.exp(-since / tau)) / seconds) * HASHES_PER_DIFF;
    }
    return out;
  }
}

/** Hashes per second of `sumDiff` worth of accepted shares over `ms` milliseconds. */
export function rateOf(sumDiff: number, ms: number): number {
  return ms > 0 ? (sumDiff * HASHES_PER_DIFF) / (ms / 1000) : 0;
}

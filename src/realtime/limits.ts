// Connect limits of the hub: a sliding window of connect times per key (user or IP). In memory:
// a restart forgets them, which is harmless for a one-minute window.
import type { Clock } from "../core/time.ts";

export class ConnectLimiter {
  private hits = new Map<string, number[]>();
  private sweepAt = 0;
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: Clock,
  ) {}

  /** Counts a connect for `key`; false (and not counted) when the window is full. */
  hit(key: string): boolean {
    const t = this.now();
    if (t >= this.sweepAt) this.sweep(t);
    const list = (this.hits.get(key) ?? []).filter((x) => t - x < this.windowMs);
    if (list.length >= this.limit) {
      this.hits.set(key, list);
      return false;
    }
    list.push(t);
    this.hits.set(key, list);
    return true;
  }

  /** Seconds until the next connect for `key` would be let through. */
  retryAfterS(key: string): number {
    const list = this.hits.get(key) ?? [];
    const oldest = list[0];
    return oldest === undefined ? 0 : Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  private sweep(t: number) {
    for (const [k, list] of this.hits) if (list.every((x) => t - x >= this.windowMs)) this.hits.delete(k);
    this.sweepAt = t + this.windowMs;
  }
}

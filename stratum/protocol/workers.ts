// Per-worker (address.worker) accounting across that worker's sessions: decayed hashrate and
// best share since the pool started. Feeds hashrate_update and share_best_diff.
import { DecayedRates } from "./hashrate.ts";

export interface WorkerStats {
  address: string;
  worker: string;
  sessions: number;
  rate: DecayedRates;
  best: number;
  lastShareAt: number;
}

export class WorkerBook {
  private readonly workers = new Map<string, WorkerStats>();
  /** Worker entries per address, for the per-address cap. */
  private readonly perAddress = new Map<string, number>();

  /** Whether `worker` is known, or `address` has fewer than `max` workers. */
  allows(address: string, worker: string, max: number): boolean {
    return this.workers.has(`${address}.${worker}`) || (this.perAddress.get(address) ?? 0) < max;
  }

  attach(address: string, worker: string, now: number): WorkerStats {
    const key = `${address}.${worker}`;
    let w = this.workers.get(key);
    if (w === undefined) {
      w = { address, worker, sessions: 0, rate: new DecayedRates(now), best: 0, lastShareAt: 0 };
      this.workers.set(key, w);
      this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    }
    w.sessions++;
    return w;
  }

  detach(address: string, worker: string): void {
    const w = this.workers.get(`${address}.${worker}`);
    if (w !== undefined && w.sessions > 0) w.sessions--;
  }

  get(address: string, worker: string): WorkerStats | undefined {
    return this.workers.get(`${address}.${worker}`);
  }

  /** Workers with a live session, or whose rate still carries recent shares. */
  *active(now: number, forgetAfterMs: number): Iterable<WorkerStats> {
    for (const [key, w] of this.workers) {
      if (w.sessions === 0 && now - w.lastShareAt > forgetAfterMs) {
        this.workers.delete(key);
        const n = (this.perAddress.get(w.address) ?? 1) - 1;
        if (n <= 0) this.perAddress.delete(w.address);
        else this.perAddress.set(w.address, n);
        continue;
      }
      yield w;
    }
  }

  get online(): number {
    let n = 0;
    for (const w of this.workers.values()) if (w.sessions > 0) n++;
    return n;
  }
}

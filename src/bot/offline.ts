// "Worker offline", judged by that worker's own share rate instead of a fixed timeout: a
// NerdMiner at 50 kH/s may go many minutes between shares and is not offline, while a
// Bitaxe that usually sends one every 10 s is. A worker is offline when its silence is
// improbable: longer than SILENCE_FACTOR times its expected interval between accepted shares,
// and at least MIN_SILENCE_MS. The expected interval comes from its hashrate and share
// difficulty when the pool reported them (difficulty × 2^32 / hashrate), else from the intervals
// actually seen (an average that follows the worker's latest pace).
import type { Clock } from "../core/time.ts";

/** For Poisson arrivals, a silence of 5 expected intervals happens by chance e^-5 ≈ 0.7 % of the time. */
export const SILENCE_FACTOR = 5;
export const MIN_SILENCE_MS = 10 * 60_000;
/** Shares seen before a worker is judged at all (one share says nothing about its pace). */
export const MIN_SHARES = 3;
/** Workers quiet this long are forgotten (a rig retired for good alerts once, not forever). */
export const FORGET_MS = 7 * 24 * 3_600_000;
const EWMA = 0.2;

interface WorkerPace {
  address: string;
  worker: string;
  lastShareAt: number;
  shares: number;
  /** Average of observed intervals (ms). */
  observedMs: number | null;
  /** From hashrate and difficulty (ms), when known. */
  expectedMs: number | null;
  difficulty: number;
  /** Latest hashrate the pool reported; turned into expectedMs only when a share arrives (a silent worker's hashrate decays, which must not stretch its own deadline). */
  hps: number;
  offline: boolean;
}

export interface WorkerAlert {
  address: string;
  worker: string;
  lastShareAt: number;
  /** The interval the judgement used (ms). */
  expectedMs: number;
  silentMs: number;
}

export interface OfflineWatcher {
  /** An accepted share of a worker: may bring it back online (returns the alert then). */
  share(address: string, worker: string, difficulty: number, at: number): WorkerAlert | null;
  hashrate(address: string, worker: string, hashesPerSecond: number): void;
  /** Workers whose silence became improbable since the last sweep. */
  sweep(): WorkerAlert[];
}

export function createOfflineWatcher(now: Clock): OfflineWatcher {
  const workers = new Map<string, WorkerPace>();
  const key = (a: string, w: string) => `${a}\n${w}`;
  const expected = (p: WorkerPace) => p.expectedMs ?? p.observedMs;
  return {
    share(address, worker, difficulty, at) {
      const k = key(address, worker);
      let p = workers.get(k);
      if (!p) {
        workers.set(k, { address, worker, lastShareAt: at, shares: 1, observedMs: null, expectedMs: null, difficulty, hps: 0, offline: false });
        return null;
      }
      const gap = at - p.lastShareAt;
      const wasOffline = p.offline;
      // A gap that made the worker offline is an outage, not its pace.
      if (gap > 0 && !wasOffline) p.observedMs = p.observedMs === null ? gap : p.observedMs * (1 - EWMA) + gap * EWMA;
      p.lastShareAt = Math.max(p.lastShareAt, at);
      p.shares++;
      p.difficulty = difficulty;
      if (p.hps > 0 && difficulty > 0) p.expectedMs = ((difficulty * 2 ** 32) / p.hps) * 1000;
      p.offline = false;
      return wasOffline ? { address, worker, lastShareAt: at, expectedMs: expected(p) ?? 0, silentMs: gap } : null;
    },
    hashrate(address, worker, hps) {
      const p = workers.get(key(address, worker));
      if (p && hps > 0) p.hps = hps;
    },
    sweep() {
      const t = now();
      const out: WorkerAlert[] = [];
      for (const [k, p] of workers) {
        const silent = t - p.lastShareAt;
        if (silent > FORGET_MS) {
          workers.delete(k);
          continue;
        }
        const e = expected(p);
        if (p.offline || p.shares < MIN_SHARES || e === null) continue;
        if (silent > SILENCE_FACTOR * e && silent >= MIN_SILENCE_MS) {
          p.offline = true;
          out.push({ address: p.address, worker: p.worker, lastShareAt: p.lastShareAt, expectedMs: e, silentMs: silent });
        }
      }
      return out;
    },
  };
}

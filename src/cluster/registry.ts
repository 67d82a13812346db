// Every instance writes its live numbers into the `instances` table every few seconds; the
// pool-wide numbers are computed from the rows with a recent heartbeat:
//   - hashrates, sessions and blocks found since start: the sum over live instances;
//   - miners and workers online: counted from the stored workers (distinct miners), because a
//     miner with rigs on two instances would be counted twice by a sum. A worker counts while
//     its row is marked online and it shared (or connected) within `activeWindowMs`, so the
//     rows an instance killed without closing its sessions stop counting once they go quiet.
// The latest result is kept in memory (`poolWide()`), so pages and the API read it without a
// query. The leader also deletes rows of instances gone for a while.
import type { InstanceRow } from "../db/repos.ts";
import type { Storage } from "../db/storage.ts";
import type { Logger } from "../log.ts";

/** Each instance rewrites its row this often. */
export const HEARTBEAT_MS = 5_000;
/** A row with an older heartbeat is not counted: that instance is gone (or cut off). */
export const LIVE_MS = 30_000;
/** The leader deletes rows this old. */
export const FORGET_MS = 10 * 60_000;
/** Matches the live aggregator's rule (src/mining/aggregator.ts OFFLINE_AFTER_MS). */
export const ACTIVE_WINDOW_MS = 10 * 60_000;

export interface Rates {
  "1m": number;
  "5m": number;
  "1h": number;
  "1d": number;
  "7d": number;
}

/** What this instance measures of itself. */
export interface LiveNumbers {
  sessions: number;
  workers: number;
  miners: number;
  hashrate: Rates;
  blocksFound: number;
}

export interface InstanceSummary {
  id: string;
  version: string;
  stratumUrl: string | null;
  httpUrl: string | null;
  leader: boolean;
  self: boolean;
  startedAt: number;
  heartbeatAt: number;
  sessions: number;
  workers: number;
  miners: number;
  hashrate5m: number;
  blocksFound: number;
}

export interface PoolWide {
  at: number;
  instances: InstanceSummary[];
  sessions: number;
  hashrate: Rates;
  /** Distinct miners and workers online across instances (from the stored workers). */
  miners: number;
  workers: number;
  /** Blocks found since start, summed over live instances (all-time counts are in the blocks table). */
  blocksFound: number;
}

export interface RegistryOptions {
  id: string;
  version: string;
  startedAt: number;
  stratumUrl: string | null;
  stratumPort: number | null;
  httpUrl?: string | null;
  live: () => LiveNumbers;
  isLeader: () => boolean;
  log: Logger;
  now?: () => number;
  intervalMs?: number;
  liveMs?: number;
  activeWindowMs?: number;
}

export interface Registry {
  /** The last pool-wide numbers (null before the first heartbeat). */
  poolWide(): PoolWide | null;
  /** Writes the heartbeat and recomputes the pool-wide numbers now. */
  refresh(): Promise<PoolWide>;
  /** Stops the heartbeat and deletes this instance's row (it no longer counts anywhere). */
  stop(): Promise<void>;
}

const zero = (): Rates => ({ "1m": 0, "5m": 0, "1h": 0, "1d": 0, "7d": 0 });

/** Resolves after the first heartbeat, so this instance is counted from then on. */
export async function createRegistry(storage: Storage, o: RegistryOptions): Promise<Registry> {
  const now = o.now ?? Date.now;
  const repo = storage.repos.instances;
  let last: PoolWide | null = null;
  let stopped = false;
  let lastError: string | null = null;
  let running: Promise<PoolWide> | null = null;

  const once = async (): Promise<PoolWide> => {
    const at = now();
    const n = o.live();
    const leader = o.isLeader();
    await repo.heartbeat(
      {
        id: o.id, startedAt: o.startedAt, version: o.version, stratumUrl: o.stratumUrl, stratumPort: o.stratumPort, httpUrl: o.httpUrl ?? null,
        isLeader: leader, sessions: n.sessions, workers: n.workers, miners: n.miners,
        hashrate1m: n.hashrate["1m"], hashrate5m: n.hashrate["5m"], hashrate1h: n.hashrate["1h"], hashrate1d: n.hashrate["1d"], hashrate7d: n.hashrate["7d"],
        blocksFound: n.blocksFound,
      },
      at,
    );
    if (leader) await repo.deleteStale(at - FORGET_MS);
    const rows = await repo.listLive(at - (o.liveMs ?? LIVE_MS));
    const online = await repo.onlineCounts(at - (o.activeWindowMs ?? ACTIVE_WINDOW_MS));
    last = summarize(rows, online, o.id, at);
    return last;
  };

  const refresh = (): Promise<PoolWide> => {
    // One at a time: a slow database must not pile heartbeats up.
    running ??= once().finally(() => (running = null));
    return running;
  };

  const tick = () => {
    if (stopped) return;
    refresh().then(
      () => {
        if (lastError !== null) o.log.info("instance heartbeat written again");
        lastError = null;
      },
      (err: unknown) => {
        const msg = (err as Error).message;
        if (msg !== lastError) o.log.warn("instance heartbeat not written", { error: msg });
        lastError = msg;
      },
    );
  };

  await refresh();
  const timer = setInterval(tick, o.intervalMs ?? HEARTBEAT_MS);
  timer.unref?.();

  return {
    poolWide: () => last,
    refresh,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => {});
      await repo.remove(o.id).catch((err: unknown) => o.log.warn("instance row not removed", { error: (err as Error).message }));
    },
  };
}

export function summarize(rows: InstanceRow[], online: { miners: number; workers: number }, self: string, at: number): PoolWide {
  const hashrate = zero();
  let sessions = 0;
  let blocksFound = 0;
  for (const r of rows) {
    hashrate["1m"] += r.hashrate1m;
    hashrate["5m"] += r.hashrate5m;
    hashrate["1h"] += r.hashrate1h;
    hashrate["1d"] += r.hashrate1d;
    hashrate["7d"] += r.hashrate7d;
    sessions += r.sessions;
    blocksFound += r.blocksFound;
  }
  return {
    at,
    instances: rows.map((r) => ({
      id: r.id, version: r.version, stratumUrl: r.stratumUrl, httpUrl: r.httpUrl, leader: r.isLeader, self: r.id === self, startedAt: r.startedAt,
      heartbeatAt: r.heartbeatAt, sessions: r.sessions, workers: r.workers, miners: r.miners, hashrate5m: r.hashrate5m, blocksFound: r.blocksFound,
    })),
    sessions,
    hashrate,
    miners: online.miners,
    workers: online.workers,
    blocksFound,
  };
}

// Turns pool events into live state (hashrates, online workers, recent shares) and into the
// pending batch the writer stores once a second. Pure memory: nothing here touches the
// database. The same class runs twice: on the main thread without batching (live reads for
// the API and pages) and in the writer thread with batching (what goes into SQLite), so the
// main thread never builds, copies or writes a batch.
import type {
  BlockFoundEvent,
  DiffUpdatedEvent,
  MinerConnectedEvent,
  MinerDisconnectedEvent,
  NewBlockNetworkEvent,
  ShareSubmittedEvent,
} from "../../stratum/index.ts";
import type { BlockStatusEvent, DecodedEntry } from "./event-log.ts";
import { DecayedRates, type Hashrates } from "./hashrate.ts";
import { monthStart, unixMinute, utcDay, weekStart } from "./time.ts";

/** A worker without a session that has not shared for this long is shown offline. */
export const OFFLINE_AFTER_MS = 10 * 60_000;
/** Recent shares kept per user for the live feed (seed 003: "Latest 20 shares"). */
export const LIVE_SHARES = 20;
/** Raw shares waiting for the writer; past this the batch drops rows and counts them. */
export const MAX_PENDING_SHARES = 500_000;

export type { Batch, BestDelta, BestPeriod, Bucket, DailyDelta, RawShare, WeeklyDelta, WorkerDelta } from "../db/mining-batch.ts";
import type { Batch, BestDelta, BestPeriod, Bucket, DailyDelta, RawShare, WeeklyDelta, WorkerDelta } from "../db/mining-batch.ts";
export const BEST_PERIODS: readonly BestPeriod[] = ["week", "month", "alltime", "block"];

export const emptyBucket = (): Bucket => ({ accepted: 0, rejected: 0, sumDiff: 0, bestDiff: 0, stale: 0, duplicate: 0, lowDiff: 0, other: 0 });

export function emptyBatch(): Batch {
  return { workers: new Map(), shares: [], pool: new Map(), daily: new Map(), bests: new Map(), weekly: new Map(), blocks: [], network: [], blockStatus: [] };
}

export function batchSize(b: Batch): number {
  return (
    b.shares.length + b.workers.size + b.blocks.length + b.network.length + b.bests.size + b.weekly.size + b.daily.size + b.pool.size +
    b.blockStatus.length
  );
}

export interface LiveShare {
  worker: string;
  at: number;
  difficulty: number;
  shareDifficulty: number;
  accepted: boolean;
  rejectCode: number | null;
  rejectReason: string | null;
  isBlock: boolean;
}

interface WorkerLive {
  address: string;
  worker: string;
  rates: DecayedRates;
  sessions: number;
  lastShareAt: number | null;
  lastDisconnectAt: number;
  userAgent: string | null;
  currentDiff: number | null;
  firstShareAt: number | null;
  /** The online state last put into a batch, so the sweep writes each change once. */
  reportedOnline: boolean;
}

interface UserLive {
  rates: DecayedRates;
  workers: Set<string>;
  recent: LiveShare[];
  /** Workers seen per UTC day, for `workers_active` of the daily stats. */
  dayWorkers: { day: string; names: Set<string> };
}

export interface NetworkTip {
  height: number;
  hash: string;
  difficulty: number;
  at: number;
}

const key = (address: string, worker: string) => `${address}\n${worker}`;

function addToBucket(b: Bucket, e: ShareSubmittedEvent): void {
  if (e.accepted) {
    b.accepted++;
    b.sumDiff += e.targetDifficulty;
    if (e.shareDifficulty > b.bestDiff) b.bestDiff = e.shareDifficulty;
    return;
  }
  b.rejected++;
  if (e.rejectCode === 21) b.stale++;
  else if (e.rejectCode === 22) b.duplicate++;
  else if (e.rejectCode === 23) b.lowDiff++;
  else b.other++;
}

export class Aggregator {
  batch: Batch = emptyBatch();
  /** Raw share rows dropped because the writer fell behind by MAX_PENDING_SHARES. */
  droppedShares = 0;
  readonly poolRates: DecayedRates;
  private readonly workers = new Map<string, WorkerLive>();
  private readonly users = new Map<string, UserLive>();
  network: NetworkTip | null = null;
  lastPoolBlockAt: number;
  sharesSeen = 0;

  /** False on the main thread: live state only, no batch is built. */
  private readonly batching: boolean;

  constructor(startedAt: number, lastPoolBlockAt = 0, opts: { batching?: boolean } = {}) {
    this.poolRates = new DecayedRates(startedAt);
    this.lastPoolBlockAt = lastPoolBlockAt;
    this.batching = opts.batching ?? true;
  }

  /** Swaps the pending batch out for writing. */
  take(): Batch {
    const b = this.batch;
    this.batch = emptyBatch();
    return b;
  }

  private worker(address: string, worker: string, at: number): WorkerLive {
    const k = key(address, worker);
    let w = this.workers.get(k);
    if (w === undefined) {
      w = { address, worker, rates: new DecayedRates(at), sessions: 0, lastShareAt: null, lastDisconnectAt: 0, userAgent: null, currentDiff: null, firstShareAt: null, reportedOnline: false };
      this.workers.set(k, w);
    }
    let u = this.users.get(address);
    if (u === undefined) {
      u = { rates: new DecayedRates(at), workers: new Set(), recent: [], dayWorkers: { day: "", names: new Set() } };
      this.users.set(address, u);
    }
    u.workers.add(worker);
    return w;
  }

  private delta(w: WorkerLive, at: number): WorkerDelta {
    const k = key(w.address, w.worker);
    let d = this.batch.workers.get(k);
    if (d === undefined) {
      d = {
        address: w.address, worker: w.worker, userAgent: w.userAgent, ip: null, online: this.isOnline(w, at), currentDiff: w.currentDiff,
        accepted: 0, rejected: 0, bestDiff: 0, bestDiffAt: null, lastShareAt: null, connectedAt: null, disconnectedAt: null, minutes: new Map(),
      };
      this.batch.workers.set(k, d);
    }
    return d;
  }

  private isOnline(w: WorkerLive, at: number): boolean {
    if (w.sessions > 0) return true;
    return w.lastShareAt !== null && w.lastShareAt > w.lastDisconnectAt && at - w.lastShareAt < OFFLINE_AFTER_MS;
  }

  /** `noRow`: count the share everywhere but store no raw row (rejects past the per-worker cap). */
  onShare(e: ShareSubmittedEvent, noRow = false): void {
    const at = e.timestamp;
    this.sharesSeen++;
    const w = this.worker(e.address, e.worker, at);
    const u = this.users.get(e.address)!;
    w.lastShareAt = Math.max(w.lastShareAt ?? 0, at);
    w.firstShareAt ??= at;
    if (e.userAgent) w.userAgent = e.userAgent;
    if (e.accepted) {
      w.rates.add(e.targetDifficulty, at);
      u.rates.add(e.targetDifficulty, at);
      this.poolRates.add(e.targetDifficulty, at);
    }
    u.recent.unshift({
      worker: e.worker, at, difficulty: e.targetDifficulty, shareDifficulty: e.shareDifficulty, accepted: e.accepted,
      rejectCode: e.accepted ? null : (e.rejectCode ?? 20), rejectReason: e.rejectReason, isBlock: e.isBlock,
    });
    if (u.recent.length > LIVE_SHARES) u.recent.length = LIVE_SHARES;
    if (!this.batching) return;
    const d = this.delta(w, at);
    d.online = w.reportedOnline = this.isOnline(w, at);
    d.userAgent = w.userAgent;
    if (e.ip) d.ip = e.ip;
    d.lastShareAt = w.lastShareAt;
    const minute = unixMinute(at);
    let mb = d.minutes.get(minute);
    if (mb === undefined) d.minutes.set(minute, (mb = emptyBucket()));
    addToBucket(mb, e);
    let pb = this.batch.pool.get(minute);
    if (pb === undefined) this.batch.pool.set(minute, (pb = emptyBucket()));
    addToBucket(pb, e);

    if (noRow) {
      // Counted in the buckets above and the daily totals below; no raw row.
    } else if (this.batch.shares.length < MAX_PENDING_SHARES) {
      this.batch.shares.push({
        address: e.address, worker: e.worker, at, difficulty: e.targetDifficulty, shareDifficulty: e.shareDifficulty,
        rejectCode: e.accepted ? null : (e.rejectCode ?? 20), isBlock: e.isBlock,
      });
    } else this.droppedShares++;

    const day = utcDay(at);
    if (u.dayWorkers.day !== day) u.dayWorkers = { day, names: new Set() };
    u.dayWorkers.names.add(e.worker);
    const dk = key(e.address, day);
    let dd = this.batch.daily.get(dk);
    if (dd === undefined) this.batch.daily.set(dk, (dd = { address: e.address, day, accepted: 0, rejected: 0, bestDiff: 0, sumDiff: 0, workersActive: 0 }));
    dd.workersActive = u.dayWorkers.names.size;

    const week = weekStart(at);
    const wk = key(e.address, String(week));
    let wd = this.batch.weekly.get(wk);
    if (wd === undefined) this.batch.weekly.set(wk, (wd = { address: e.address, weekStart: week, best: 0, bestAt: null, worker: null, accepted: 0, sumDiff: 0 }));

    if (!e.accepted) {
      d.rejected++;
      dd.rejected++;
      return;
    }
    d.accepted++;
    dd.accepted++;
    dd.sumDiff += e.targetDifficulty;
    wd.accepted++;
    wd.sumDiff += e.targetDifficulty;
    const sd = e.shareDifficulty;
    if (!(sd > 0)) return;
    if (sd > d.bestDiff) {
      d.bestDiff = sd;
      d.bestDiffAt = at;
    }
    if (sd > dd.bestDiff) dd.bestDiff = sd;
    if (sd > wd.best) {
      wd.best = sd;
      wd.bestAt = at;
      wd.worker = e.worker;
    }
    const starts: Record<BestPeriod, number> = { week, month: monthStart(at), alltime: 0, block: this.lastPoolBlockAt };
    for (const period of BEST_PERIODS) {
      const bk = key(e.address, period);
      const cur = this.batch.bests.get(bk);
      const periodStart = starts[period];
      if (cur === undefined || periodStart > cur.periodStart || (periodStart === cur.periodStart && sd > cur.best))
        this.batch.bests.set(bk, { address: e.address, period, periodStart, best: sd, at, worker: e.worker });
    }
  }

  onConnected(e: MinerConnectedEvent): void {
    const w = this.worker(e.address, e.worker, e.timestamp);
    w.sessions++;
    if (e.userAgent) w.userAgent = e.userAgent;
    if (!this.batching) return;
    const d = this.delta(w, e.timestamp);
    d.online = w.reportedOnline = true;
    d.userAgent = w.userAgent;
    d.ip = e.ip || d.ip;
    d.connectedAt = e.timestamp;
  }

  onDisconnected(e: MinerDisconnectedEvent): void {
    const w = this.worker(e.address, e.worker, e.timestamp);
    w.sessions = Math.max(0, w.sessions - 1);
    w.lastDisconnectAt = e.timestamp;
    if (!this.batching) return;
    const d = this.delta(w, e.timestamp);
    d.online = w.reportedOnline = this.isOnline(w, e.timestamp);
    if (!d.online) d.disconnectedAt = e.timestamp;
  }

  onDiff(e: DiffUpdatedEvent): void {
    const w = this.worker(e.address, e.worker, e.timestamp);
    w.currentDiff = e.difficulty;
    if (this.batching) this.delta(w, e.timestamp).currentDiff = e.difficulty;
  }

  onBlock(e: BlockFoundEvent): void {
    if (this.batching) this.batch.blocks.push(e);
    // "Best share since the pool's last block" starts over when the node took a block.
    if (e.accepted) this.lastPoolBlockAt = Math.max(this.lastPoolBlockAt, e.timestamp);
  }

  onNetwork(e: NewBlockNetworkEvent): void {
    if (this.batching) this.batch.network.push(e);
    if (this.network === null || e.height >= this.network.height) this.network = { height: e.height, hash: e.hash, difficulty: e.difficulty, at: e.timestamp };
  }

  onBlockStatus(e: BlockStatusEvent): void {
    if (this.batching) this.batch.blockStatus.push(e);
  }

  /** Workers that went quiet without a disconnect become offline in the next batch. */
  sweepOffline(at: number): void {
    if (!this.batching) return;
    for (const w of this.workers.values()) {
      if (!w.reportedOnline || this.isOnline(w, at)) continue;
      this.delta(w, at).online = w.reportedOnline = false;
    }
  }

  // --- live reads -------------------------------------------------------------------------

  poolHashrate(at: number): Hashrates {
    return this.poolRates.at(at);
  }

  userHashrate(address: string, at: number): Hashrates | null {
    return this.users.get(address)?.rates.at(at) ?? null;
  }

  workerLive(address: string, worker: string, at: number): { rates: Hashrates; online: boolean; sessions: number; lastShareAt: number | null; userAgent: string | null; currentDiff: number | null } | null {
    const w = this.workers.get(key(address, worker));
    if (w === undefined) return null;
    return { rates: w.rates.at(at), online: this.isOnline(w, at), sessions: w.sessions, lastShareAt: w.lastShareAt, userAgent: w.userAgent, currentDiff: w.currentDiff };
  }

  recentShares(address: string): LiveShare[] {
    return this.users.get(address)?.recent ?? [];
  }

  /** Workers of an address that sent a share at or after `since` (setup page's live check). */
  firstSharesSince(address: string, since: number): { worker: string; at: number; userAgent: string | null }[] {
    const u = this.users.get(address);
    if (u === undefined) return [];
    const out: { worker: string; at: number; userAgent: string | null }[] = [];
    for (const name of u.workers) {
      const w = this.workers.get(key(address, name))!;
      if (w.lastShareAt !== null && w.lastShareAt >= since) out.push({ worker: name, at: w.firstShareAt ?? w.lastShareAt, userAgent: w.userAgent });
    }
    return out;
  }

  /** Workers online now, for the admin Pool page (connected miners, their software and difficulty). */
  onlineWorkers(at: number): { address: string; worker: string; userAgent: string | null; currentDiff: number | null; sessions: number; lastShareAt: number | null; rates: Hashrates }[] {
    const out = [];
    for (const w of this.workers.values())
      if (this.isOnline(w, at)) out.push({ address: w.address, worker: w.worker, userAgent: w.userAgent, currentDiff: w.currentDiff, sessions: w.sessions, lastShareAt: w.lastShareAt, rates: w.rates.at(at) });
    return out;
  }

  counts(at: number): { users: number; workers: number; onlineUsers: number; onlineWorkers: number } {
    const online = new Set<string>();
    let onlineWorkers = 0;
    for (const w of this.workers.values()) {
      if (this.isOnline(w, at)) {
        onlineWorkers++;
        online.add(w.address);
      }
    }
    return { users: this.users.size, workers: this.workers.size, onlineUsers: online.size, onlineWorkers };
  }
}

const BUCKET_SUMS = ["accepted", "rejected", "sumDiff", "stale", "duplicate", "lowDiff", "other"] as const;

function addBucket(into: Bucket, b: Bucket): void {
  for (const k of BUCKET_SUMS) into[k] += b[k];
  if (b.bestDiff > into.bestDiff) into.bestDiff = b.bestDiff;
}

/**
 * One batch holding both: a batch that failed to write (`older`) and the one pending since
 * (`newer`). Counts add up; states (online, current difficulty, user agent) come from the newer.
 * Retrying the result writes exactly what the two would have written one after the other.
 */
export function mergeBatches(older: Batch, newer: Batch): Batch {
  const f = older;
  for (const [k, d] of newer.workers) {
    const old = f.workers.get(k);
    if (!old) {
      f.workers.set(k, d);
      continue;
    }
    old.accepted += d.accepted;
    old.rejected += d.rejected;
    if (d.bestDiff > old.bestDiff) [old.bestDiff, old.bestDiffAt] = [d.bestDiff, d.bestDiffAt];
    old.online = d.online;
    old.lastShareAt = d.lastShareAt ?? old.lastShareAt;
    old.currentDiff = d.currentDiff ?? old.currentDiff;
    old.userAgent = d.userAgent ?? old.userAgent;
    old.ip = d.ip ?? old.ip;
    old.connectedAt = d.connectedAt ?? old.connectedAt;
    old.disconnectedAt = d.disconnectedAt ?? old.disconnectedAt;
    for (const [m, b] of d.minutes) {
      const ob = old.minutes.get(m);
      if (ob) addBucket(ob, b);
      else old.minutes.set(m, b);
    }
  }
  for (const r of newer.shares) f.shares.push(r);
  for (const [m, b] of newer.pool) {
    const ob = f.pool.get(m);
    if (ob) addBucket(ob, b);
    else f.pool.set(m, b);
  }
  for (const [k, d] of newer.daily) {
    const o = f.daily.get(k);
    if (!o) f.daily.set(k, d);
    else {
      o.accepted += d.accepted;
      o.rejected += d.rejected;
      o.sumDiff += d.sumDiff;
      o.bestDiff = Math.max(o.bestDiff, d.bestDiff);
      o.workersActive = Math.max(o.workersActive, d.workersActive);
    }
  }
  for (const [k, d] of newer.bests) {
    const o = f.bests.get(k);
    if (!o || d.periodStart > o.periodStart || (d.periodStart === o.periodStart && d.best > o.best)) f.bests.set(k, d);
  }
  for (const [k, d] of newer.weekly) {
    const o = f.weekly.get(k);
    if (!o) f.weekly.set(k, d);
    else {
      o.accepted += d.accepted;
      o.sumDiff += d.sumDiff;
      if (d.best > o.best) [o.best, o.bestAt, o.worker] = [d.best, d.bestAt, d.worker];
    }
  }
  for (const b of newer.blocks) f.blocks.push(b);
  for (const n of newer.network) f.network.push(n);
  for (const u of newer.blockStatus) f.blockStatus.push(u);
  return f;
}

/** Hands one logged pool event to the aggregator method for it. */
export function feed(agg: Aggregator, entry: DecodedEntry): void {
  switch (entry.name) {
    case "share_submitted":
      return agg.onShare(entry.event, entry.noRow === true);
    case "miner_connected":
      return agg.onConnected(entry.event);
    case "miner_disconnected":
      return agg.onDisconnected(entry.event);
    case "diff_updated":
      return agg.onDiff(entry.event);
    case "block_found":
      return agg.onBlock(entry.event);
    case "new_block_network":
      return agg.onNetwork(entry.event);
    case "block_status":
      return agg.onBlockStatus(entry.event);
  }
}

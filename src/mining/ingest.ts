// The storage loop: subscribes the aggregator to the bus and writes its batch at most every
// second in one transaction, prunes raw shares past the retention window, and flushes on stop.
import type { PoolEventMap } from "../../stratum/events.ts";
import type { Db } from "../db/client.ts";
import { MINUTE_RETENTION_MS, MiningWriter } from "../db/mining.ts";
import type { EventSource } from "../events.ts";
import type { Logger } from "../log.ts";
import { Aggregator, batchSize } from "./aggregator.ts";

/** Writes are batched at most this long (issue 4: "writes batched ≤ 1 s"). */
export const FLUSH_INTERVAL_MS = 1000;
/** Retention runs at most this often. */
const PRUNE_EVERY_MS = 60_000;

export interface IngestStats {
  batches: number;
  sharesWritten: number;
  lastBatchShares: number;
  lastWriteMs: number;
  maxWriteMs: number;
  totalWriteMs: number;
  writeErrors: number;
  droppedShares: number;
  pendingShares: number;
}

export interface IngestOptions {
  db: Db;
  log: Logger;
  now: () => number;
  shareRetentionMs: number;
  flushIntervalMs?: number;
  /** Called after each committed batch (tests and the crash proof read it). */
  onBatch?: (info: { shares: number; totalShares: number }) => void;
}

export class Ingest {
  readonly agg: Aggregator;
  readonly writer: MiningWriter;
  readonly stats: IngestStats = {
    batches: 0, sharesWritten: 0, lastBatchShares: 0, lastWriteMs: 0, maxWriteMs: 0, totalWriteMs: 0, writeErrors: 0, droppedShares: 0, pendingShares: 0,
  };
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastPrune = 0;
  private offs: (() => void)[] = [];
  private readonly log: Logger;

  constructor(private readonly o: IngestOptions) {
    this.log = o.log.child("mining");
    this.writer = new MiningWriter(o.db);
    this.writer.markAllOffline(o.now());
    this.agg = new Aggregator(o.now(), this.writer.lastPoolBlockAt());
  }

  /** Subscribes to the eight pool events (through a bus, so handlers run off the share path). */
  attach(events: EventSource<PoolEventMap>): void {
    const a = this.agg;
    this.offs.push(
      events.on("share_submitted", (e) => a.onShare(e)),
      events.on("miner_connected", (e) => a.onConnected(e)),
      events.on("miner_disconnected", (e) => a.onDisconnected(e)),
      events.on("diff_updated", (e) => a.onDiff(e)),
      events.on("block_found", (e) => {
        a.onBlock(e);
        // A found block is written at once, not with the next batch.
        this.flush();
      }),
      events.on("new_block_network", (e) => a.onNetwork(e)),
    );
  }

  /** Starts the once-a-second writer. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.flush(), this.o.flushIntervalMs ?? FLUSH_INTERVAL_MS);
  }

  /** Writes the pending batch now. Never throws: a failed batch is logged, counted and retried. */
  flush(): void {
    const now = this.o.now();
    this.agg.sweepOffline(now);
    if (batchSize(this.agg.batch) > 0) {
      const batch = this.agg.take();
      try {
        const r = this.writer.write(batch);
        const s = this.stats;
        s.batches++;
        s.sharesWritten += r.shares;
        s.lastBatchShares = r.shares;
        s.lastWriteMs = r.ms;
        s.totalWriteMs += r.ms;
        if (r.ms > s.maxWriteMs) s.maxWriteMs = r.ms;
        this.o.onBatch?.({ shares: r.shares, totalShares: s.sharesWritten });
      } catch (err) {
        this.stats.writeErrors++;
        this.log.error("mining batch not written; kept for the next flush", { error: err as Error, shares: batch.shares.length });
        this.restore(batch);
      }
    }
    this.stats.droppedShares = this.agg.droppedShares;
    this.stats.pendingShares = this.agg.batch.shares.length;
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      try {
        this.writer.prune(now - this.o.shareRetentionMs, now - MINUTE_RETENTION_MS);
      } catch (err) {
        this.log.warn("retention pass failed", { error: err as Error });
      }
    }
  }

  /** Puts a batch that failed to write back in front of the pending one (e.g. database busy). */
  private restore(failed: import("./aggregator.ts").Batch): void {
    const cur = this.agg.batch;
    this.agg.batch = failed;
    const f = this.agg.batch;
    for (const [k, d] of cur.workers) {
      const old = f.workers.get(k);
      if (!old) f.workers.set(k, d);
      else {
        old.accepted += d.accepted;
        old.rejected += d.rejected;
        if (d.bestDiff > old.bestDiff) [old.bestDiff, old.bestDiffAt] = [d.bestDiff, d.bestDiffAt];
        old.online = d.online;
        old.lastShareAt = d.lastShareAt ?? old.lastShareAt;
        old.currentDiff = d.currentDiff ?? old.currentDiff;
        old.userAgent = d.userAgent ?? old.userAgent;
        old.connectedAt = d.connectedAt ?? old.connectedAt;
        old.disconnectedAt = d.disconnectedAt ?? old.disconnectedAt;
        for (const [m, b] of d.minutes) {
          const ob = old.minutes.get(m);
          if (!ob) old.minutes.set(m, b);
          else for (const key of ["accepted", "rejected", "sumDiff", "stale", "duplicate", "lowDiff", "other"] as const) ob[key] += b[key];
          if (ob && b.bestDiff > ob.bestDiff) ob.bestDiff = b.bestDiff;
        }
      }
    }
    f.shares.push(...cur.shares);
    for (const [m, b] of cur.pool) {
      const ob = f.pool.get(m);
      if (!ob) f.pool.set(m, b);
      else {
        for (const key of ["accepted", "rejected", "sumDiff", "stale", "duplicate", "lowDiff", "other"] as const) ob[key] += b[key];
        if (b.bestDiff > ob.bestDiff) ob.bestDiff = b.bestDiff;
      }
    }
    for (const [k, d] of cur.daily) {
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
    for (const [k, d] of cur.bests) {
      const o = f.bests.get(k);
      if (!o || d.periodStart > o.periodStart || (d.periodStart === o.periodStart && d.best > o.best)) f.bests.set(k, d);
    }
    for (const [k, d] of cur.weekly) {
      const o = f.weekly.get(k);
      if (!o) f.weekly.set(k, d);
      else {
        o.accepted += d.accepted;
        o.sumDiff += d.sumDiff;
        if (d.best > o.best) [o.best, o.bestAt, o.worker] = [d.best, d.bestAt, d.worker];
      }
    }
    f.blocks.push(...cur.blocks);
    f.network.push(...cur.network);
  }

  stop(): void {
    for (const off of this.offs) off();
    this.offs = [];
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

// The storage loop. On the main thread each pool event updates the live aggregator (what the
// API and pages read) and is appended to the event log; at most every second the log goes to
// the writer thread, which builds the batch and commits it in one transaction and prunes raw
// shares past the retention window. A found block is sent at once. Stop flushes and closes.
import type { PoolEventMap } from "../../stratum/index.ts";
import type { MiningWriterTarget } from "../db/mining-writer.ts";
import type { EventSource } from "../events.ts";
import type { Logger } from "../log.ts";
import { Aggregator, feed, MAX_PENDING_SHARES } from "./aggregator.ts";
import { EventLog, POOL_LOGGED_EVENTS, type BlockStatusEvent, type LogEntry } from "./event-log.ts";
import { WriterThread } from "./writer-thread.ts";
import type { BatchCommittedEvent } from "./committed.ts";

/** Writes are batched at most this long (issue 4: "writes batched ≤ 1 s"). */
export const FLUSH_INTERVAL_MS = 1000;
/** The same failure is logged at most this often (a dead disk must not flood the log). */
const ERROR_LOG_EVERY_MS = 60_000;

export interface IngestStats {
  batches: number;
  sharesWritten: number;
  lastBatchShares: number;
  lastWriteMs: number;
  maxWriteMs: number;
  totalWriteMs: number;
  writeErrors: number;
  /** Raw share rows dropped because the writer fell behind by MAX_PENDING_SHARES (never, normally). */
  droppedShares: number;
  /** Of those, accepted shares (rejects are dropped first). */
  droppedAcceptedShares: number;
  /** Rejected shares counted in the rollups without a raw row (REJECT_ROWS_PER_WORKER_MINUTE). */
  rowlessRejects: number;
  pendingShares: number;
  /** Times the writer thread was started (more than 1 means it died and was restarted). */
  writerStarts: number;
}

/**
 * What readiness reports about storage. "starting": the thread has not answered yet; "ok": the
 * last write (or the first, empty one) succeeded; "failing": the last batch was not written
 * (kept for retry); "down": the thread died or could not open the database.
 */
export interface WriterStatus {
  state: "starting" | "ok" | "failing" | "down";
  error: string | null;
  since: number;
}

export interface IngestOptions {
  /** The database the writer thread opens its own connection to (Storage.writerTarget). */
  target: MiningWriterTarget;
  /** For logs: the file or host:port/database (Storage.where). */
  where: string;
  /** When the pool last found a block the node took (MiningReads.lastPoolBlockAt). */
  lastPoolBlockAt: number;
  log: Logger;
  now: () => number;
  shareRetentionMs: number;
  flushIntervalMs?: number;
  /** Called after each committed batch (tests and the crash proof read it). */
  onBatch?: (info: { shares: number; totalShares: number }) => void;
  /** Called after each committed batch that held accepted shares or blocks, with its per-user deltas. */
  onCommitted?: (event: BatchCommittedEvent) => void;
}

export class Ingest {
  /** Live state only (no batches: those are built in the writer thread). */
  readonly agg: Aggregator;
  readonly stats: IngestStats = {
    batches: 0, sharesWritten: 0, lastBatchShares: 0, lastWriteMs: 0, maxWriteMs: 0, totalWriteMs: 0, writeErrors: 0, droppedShares: 0,
    droppedAcceptedShares: 0, rowlessRejects: 0, pendingShares: 0, writerStarts: 0,
  };
  private readonly events = new EventLog(MAX_PENDING_SHARES);
  private readonly writer: WriterThread;
  private timer: ReturnType<typeof setInterval> | null = null;
  private offs: (() => void)[] = [];
  private readonly log: Logger;
  /** Writes run one after another; `queued` means one is waiting and will take every event so far. */
  private chain: Promise<void> = Promise.resolve();
  private queued = false;
  private threadDropped = 0;
  /** Events the writer thread holds unwritten (from its last report). */
  private threadPending = 0;
  /** Events a dead writer thread took with it. */
  private lostEvents = 0;
  private status: WriterStatus;
  private loggedDrops = 0;
  private lastErrorLog = new Map<string, number>();

  constructor(private readonly o: IngestOptions) {
    this.log = o.log.child("mining");
    const startedAt = o.now();
    this.agg = new Aggregator(startedAt, o.lastPoolBlockAt, { batching: false });
    this.writer = new WriterThread({ target: o.target, startedAt, shareRetentionMs: o.shareRetentionMs });
    this.status = { state: "starting", error: null, since: startedAt };
  }

  /** The writer thread's health, for readiness: shares must not be accepted into a void. */
  writerStatus(): WriterStatus {
    return { ...this.status };
  }

  private setStatus(state: WriterStatus["state"], error: string | null): void {
    if (this.status.state !== state || this.status.error !== error) this.status = { state, error, since: this.o.now() };
  }

  /** Subscribes to the pool events (through a bus, so handlers run off the share path). */
  attach(events: EventSource<PoolEventMap>): void {
    for (const name of POOL_LOGGED_EVENTS) {
      // A bus may drop rejected shares when its queue is full (counted on /health/ready); never an
      // accepted share (work that was done) nor any rarer event (connects, blocks).
      const keep = name === "share_submitted" ? (e: unknown) => (e as { accepted: boolean }).accepted : () => true;
      this.offs.push(
        events.on(
          name,
          (event) => {
            const entry = { name, event } as LogEntry;
            feed(this.agg, entry);
            this.events.append(name, event);
            // A found block is written at once, not with the next batch.
            if (name === "block_found") void this.flush();
          },
          { name: `mining:${name}`, keep },
        ),
      );
    }
  }

  /** Records the node's word on a found block (written with the next batch). */
  recordBlockStatus(e: BlockStatusEvent): void {
    feed(this.agg, { name: "block_status", event: e });
    this.events.append("block_status", e);
  }

  /** Starts the writer thread now (so a thread that cannot start is reported at start-up) and the once-a-second writes. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.o.flushIntervalMs ?? FLUSH_INTERVAL_MS);
    void this.flush().then(() => {
      if (this.writer.starts > 0 && this.stats.writeErrors === 0) this.log.info("writer thread ready", { db: this.o.where });
    });
  }

  /**
   * Sends everything logged so far to the writer thread and resolves once it is committed (or
   * kept for retry). Never rejects: failures are logged, counted and retried.
   */
  flush(): Promise<void> {
    if (!this.queued) {
      this.queued = true;
      this.chain = this.chain.then(() => {
        this.queued = false;
        return this.writeOnce();
      });
    }
    return this.chain;
  }

  private async writeOnce(): Promise<void> {
    const taken = this.events.take();
    const s = this.stats;
    try {
      const at = this.o.now();
      const r = await this.writer.write(taken?.text ?? null, at);
      this.threadDropped = r.droppedShares;
      this.threadPending = r.pendingEvents;
      s.pendingShares = r.pendingShares + this.events.shares;
      this.setStatus(r.error === null ? "ok" : "failing", r.error);
      if (r.error !== null) {
        s.writeErrors++;
        this.logOnce("mining batch not written; kept for the next flush", r.error, { pendingShares: r.pendingShares });
      } else if (r.wrote) {
        s.batches++;
        s.sharesWritten += r.shares;
        s.lastBatchShares = r.shares;
        s.lastWriteMs = r.ms;
        s.totalWriteMs += r.ms;
        if (r.ms > s.maxWriteMs) s.maxWriteMs = r.ms;
        this.o.onBatch?.({ shares: r.shares, totalShares: s.sharesWritten });
        if (r.committed.length > 0) this.o.onCommitted?.({ at, users: r.committed });
      }
      if (r.pruneError !== null) this.logOnce("retention pass failed", r.pruneError, {});
    } catch (err) {
      // The thread died or could not start: these events never reached the database.
      if (taken) this.events.restore(taken);
      // What the thread held was not written and went with it.
      this.lostEvents += this.threadPending;
      this.threadPending = 0;
      this.setStatus("down", (err as Error).message);
      s.writeErrors++;
      s.pendingShares = this.events.shares;
      this.logOnce("mining writer thread failed; events kept for the next flush", (err as Error).message, { pendingShares: this.events.shares });
    }
    s.droppedShares = this.threadDropped + this.events.dropped;
    s.droppedAcceptedShares = this.events.droppedAccepted;
    s.rowlessRejects = this.events.rowlessRejects;
    if (this.events.dropped > this.loggedDrops) {
      this.logOnce("mining event log full; shares dropped (rejects first)", "event log full", {
        dropped: this.events.dropped,
        droppedAccepted: this.events.droppedAccepted,
      });
      this.loggedDrops = this.events.dropped;
    }
    s.writerStarts = this.writer.starts;
  }

  private logOnce(msg: string, error: string, fields: Record<string, unknown>): void {
    const now = Date.now();
    if (now - (this.lastErrorLog.get(error) ?? -Infinity) < ERROR_LOG_EVERY_MS) return;
    this.lastErrorLog.set(error, now);
    this.log.error(msg, { error, ...fields });
  }

  /** Events received and not stored: still pending (main thread, writer thread), dropped, or lost with a dead thread. */
  unstored(): { total: number; pending: number; inThread: number; dropped: number; lost: number } {
    const pending = this.events.events;
    const dropped = this.events.dropped + this.threadDropped;
    return { total: pending + this.threadPending + dropped + this.lostEvents, pending, inThread: this.threadPending, dropped, lost: this.lostEvents };
  }

  /**
   * Writes what is pending, then closes the writer thread. Resolves with how many events could
   * not be stored (0 normally), which it also logs: an operator must learn of any loss at stop.
   */
  async stop(): Promise<number> {
    for (const off of this.offs) off();
    this.offs = [];
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
    try {
      await this.writer.close();
    } catch (err) {
      this.log.error("mining writer thread did not close cleanly", { error: (err as Error).message });
    }
    const u = this.unstored();
    if (u.total > 0)
      this.log.error("mining data NOT stored at shutdown", {
        unstored_events: u.total, pending: u.pending, in_writer: u.inThread, dropped: u.dropped, lost: u.lost, shares_written: this.stats.sharesWritten,
        error: this.status.error,
      });
    else this.log.info("mining data stored", { unstored_events: 0, shares_written: this.stats.sharesWritten });
    return u.total;
  }
}

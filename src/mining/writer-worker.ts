// The mining writer thread. It owns its own database connection (SQLite or PostgreSQL, see
// src/db/mining-writer.ts) and its own batching aggregator: the main thread only sends the
// events of each second as one string (./event-log.ts), so the batch is built, written and
// pruned here and stratum replies never wait behind a transaction.
import { MINUTE_RETENTION_MS } from "../db/mining.ts";
import { openMiningWriter, type OpenedMiningWriter } from "../db/mining-writer.ts";
import { Aggregator, batchSize, feed, mergeBatches } from "./aggregator.ts";
import { summarizeBatch } from "./committed.ts";
import { decodeLog } from "./event-log.ts";
import type { FromWriter, OpenMessage, ToWriter, WriteMessage, WriteReport } from "./writer-protocol.ts";

declare const self: Worker;

/** Retention runs at most this often. */
const PRUNE_EVERY_MS = 60_000;

let state: { writer: OpenedMiningWriter; agg: Aggregator; lastPrune: number; shareRetentionMs: number } | null = null;
let openError = "writer thread not opened";

const reply = (m: FromWriter) => postMessage(m);
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function open(m: OpenMessage): Promise<void> {
  try {
    const writer = await openMiningWriter(m.target, m.fresh ? m.startedAt : null);
    state = { writer, agg: new Aggregator(m.startedAt, writer.lastPoolBlockAt), lastPrune: 0, shareRetentionMs: m.shareRetentionMs };
  } catch (err) {
    // Every write answers with this until the thread is started again.
    openError = `writer thread could not open the database: ${message(err)}`;
  }
}

async function write(m: WriteMessage): Promise<WriteReport> {
  if (state === null) throw new Error(openError);
  const { agg, writer } = state;
  if (m.log !== null) for (const entry of decodeLog(m.log)) feed(agg, entry);
  agg.sweepOffline(m.now);
  const report: WriteReport = { wrote: false, shares: 0, ms: 0, error: null, pruneError: null, pendingShares: 0, pendingEvents: 0, droppedShares: 0, committed: [] };
  if (batchSize(agg.batch) > 0) {
    const batch = agg.take();
    try {
      const committed = summarizeBatch(batch, m.now);
      const r = await writer.write(batch);
      report.committed = committed;
      report.wrote = true;
      report.shares = r.shares;
      report.ms = r.ms;
    } catch (err) {
      // Kept whole for the next write (the database may be busy or the disk full for a while).
      agg.batch = mergeBatches(batch, agg.batch);
      report.error = message(err);
    }
  }
  if (m.now - state.lastPrune >= PRUNE_EVERY_MS) {
    state.lastPrune = m.now;
    try {
      await writer.prune(m.now - state.shareRetentionMs, m.now - MINUTE_RETENTION_MS);
    } catch (err) {
      report.pruneError = message(err);
    }
  }
  report.pendingShares = agg.batch.shares.length;
  report.pendingEvents = agg.batch.shares.length + agg.batch.blocks.length + agg.batch.network.length + agg.batch.blockStatus.length;
  report.droppedShares = agg.droppedShares;
  return report;
}

async function handle(m: ToWriter): Promise<void> {
  if (m.type === "open") return open(m);
  try {
    if (m.type === "write") reply({ type: "done", id: m.id, report: await write(m) });
    else {
      const s = state;
      state = null;
      await s?.writer.close();
      reply({ type: "done", id: m.id, report: null });
    }
  } catch (err) {
    reply({ type: "failed", id: m.id, error: message(err) });
  }
}

// Messages are handled one at a time, in order: opening PostgreSQL is asynchronous, and a write
// must never start before the open has finished or while another write is in flight.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (ev: MessageEvent<ToWriter>) => {
  const m = ev.data;
  queue = queue.then(() => handle(m));
};

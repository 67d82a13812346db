// The mining writer thread. It owns its own SQLite connection and its own batching aggregator:
// the main thread only sends the events of each second as one string (./event-log.ts), so the
// batch is built, written and pruned here and stratum replies never wait behind a transaction.
import { lastPoolBlockAt, markAllOffline, MINUTE_RETENTION_MS, MiningWriter } from "../db/mining.ts";
import { openSqlite } from "../db/sqlite.ts";
import { Aggregator, batchSize, feed, mergeBatches } from "./aggregator.ts";
import { decodeLog } from "./event-log.ts";
import type { FromWriter, ToWriter, WriteMessage, WriteReport } from "./writer-protocol.ts";

declare const self: Worker;

/** Retention runs at most this often. */
const PRUNE_EVERY_MS = 60_000;

let state: { db: ReturnType<typeof openSqlite>; writer: MiningWriter; agg: Aggregator; lastPrune: number; shareRetentionMs: number } | null = null;
let openError = "writer thread not opened";

const reply = (m: FromWriter) => postMessage(m);
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

function write(m: WriteMessage): WriteReport {
  if (state === null) throw new Error(openError);
  const { agg, writer } = state;
  if (m.log !== null) for (const entry of decodeLog(m.log)) feed(agg, entry);
  agg.sweepOffline(m.now);
  const report: WriteReport = { wrote: false, shares: 0, ms: 0, error: null, pruneError: null, pendingShares: 0, pendingEvents: 0, droppedShares: 0 };
  if (batchSize(agg.batch) > 0) {
    const batch = agg.take();
    try {
      const r = writer.write(batch);
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
      writer.prune(m.now - state.shareRetentionMs, m.now - MINUTE_RETENTION_MS);
    } catch (err) {
      report.pruneError = message(err);
    }
  }
  report.pendingShares = agg.batch.shares.length;
  report.pendingEvents = agg.batch.shares.length + agg.batch.blocks.length + agg.batch.network.length + agg.batch.blockStatus.length;
  report.droppedShares = agg.droppedShares;
  return report;
}

self.onmessage = (ev: MessageEvent<ToWriter>) => {
  const m = ev.data;
  if (m.type === "open") {
    try {
      const db = openSqlite(m.path);
      if (m.fresh) markAllOffline(db, m.startedAt);
      state = { db, writer: new MiningWriter(db), agg: new Aggregator(m.startedAt, lastPoolBlockAt(db)), lastPrune: 0, shareRetentionMs: m.shareRetentionMs };
    } catch (err) {
      // Every write answers with this until the thread is started again.
      openError = `writer thread could not open the database: ${message(err)}`;
    }
    return;
  }
  try {
    if (m.type === "write") reply({ type: "done", id: m.id, report: write(m) });
    else {
      state?.writer.close();
      // throwOnError: a statement left open would make this a deferred close (see MiningWriter.close).
      state?.db.close(true);
      state = null;
      reply({ type: "done", id: m.id, report: null });
    }
  } catch (err) {
    reply({ type: "failed", id: m.id, error: message(err) });
  }
};

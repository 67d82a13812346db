// The mining writer's own connection, for either engine: what the writer thread
// (src/mining/writer-worker.ts) opens. SQLite: a second bun:sqlite connection to the same file
// (WAL lets the main thread read meanwhile). PostgreSQL: a small pool of its own (Bun.SQL works
// in a worker thread), so batch writes never queue behind the web side's queries and the
// thread keeps doing what it does on SQLite — build the batch from the event log, write it in
// one transaction, prune — off the thread that answers miners.
import { SQL } from "bun";
import type { Batch } from "./mining-batch.ts";
import { lastPoolBlockAt, markAllOffline, MiningWriter, type WriteResult } from "./mining.ts";
import { lastPoolBlockAtPg, markAllOfflinePg, PgMiningWriter } from "./pg-mining.ts";
import { openSqlite } from "./sqlite.ts";

export type MiningWriterTarget = { engine: "sqlite"; path: string } | { engine: "postgres"; url: string };

export interface OpenedMiningWriter {
  /** When the pool last found a block the node took (0 if never), read at open. */
  lastPoolBlockAt: number;
  write(b: Batch): Promise<WriteResult>;
  prune(shareCutoff: number, minuteCutoff: number): Promise<{ shares: number; minutes: number }>;
  close(): Promise<void>;
}

/**
 * Opens the writer's connection. `markOfflineAt`: the process just started, so no session
 * exists yet and every worker is marked offline (a failure here is a failure to open).
 */
export async function openMiningWriter(target: MiningWriterTarget, markOfflineAt: number | null): Promise<OpenedMiningWriter> {
  if (target.engine === "sqlite") {
    const db = openSqlite(target.path);
    try {
      if (markOfflineAt !== null) markAllOffline(db, markOfflineAt);
      const writer = new MiningWriter(db);
      return {
        lastPoolBlockAt: lastPoolBlockAt(db),
        write: async (b) => writer.write(b),
        prune: async (s, m) => writer.prune(s, m),
        async close() {
          writer.close();
          // throwOnError: a statement left open would make this a deferred close (see MiningWriter.close).
          db.close(true);
        },
      };
    } catch (err) {
      db.close();
      throw err;
    }
  }
  // Two connections: a batch's transaction, and the retention pass beside it.
  const sql = new SQL(target.url, { max: 2, connectionTimeout: 10 });
  try {
    if (markOfflineAt !== null) await markAllOfflinePg(sql, markOfflineAt);
    const at = await lastPoolBlockAtPg(sql);
    const writer = new PgMiningWriter(sql);
    return {
      lastPoolBlockAt: at,
      write: (b) => writer.write(b),
      prune: (s, m) => writer.prune(s, m),
      close: () => sql.close(),
    };
  } catch (err) {
    await sql.close().catch(() => {});
    throw err;
  }
}

// The messages between the main thread and the mining writer thread.
import type { MiningWriterTarget } from "../db/mining-writer.ts";
import type { CommittedUserDay } from "./committed.ts";

export interface OpenMessage {
  type: "open";
  /** The database the thread opens its own connection to (a SQLite file or a PostgreSQL URL). */
  target: MiningWriterTarget;
  startedAt: number;
  /** First start of the process: every worker in the database is marked offline. */
  fresh: boolean;
  shareRetentionMs: number;
}

export interface WriteMessage {
  type: "write";
  id: number;
  /** The events since the last write (`EventLog.take`), or null when there were none. */
  log: string | null;
  /** The main thread's clock: offline sweeps and retention follow it, not the thread's own. */
  now: number;
}

export interface CloseMessage {
  type: "close";
  id: number;
}

export type ToWriter = OpenMessage | WriteMessage | CloseMessage;

export interface WriteReport {
  /** A batch was committed (false when nothing was pending or the write failed). */
  wrote: boolean;
  /** Raw shares committed by this write. */
  shares: number;
  /** How long the transaction took, in the writer thread. */
  ms: number;
  /** Why the batch was not written; it stays pending in the thread and is retried next time. */
  error: string | null;
  /** Why the retention pass failed, when it ran and failed. */
  pruneError: string | null;
  pendingShares: number;
  /** Events the thread holds unwritten: pending share rows, blocks, node tips, block statuses. */
  pendingEvents: number;
  droppedShares: number;
  /** Per user and day, what the committed batch held (empty unless `wrote`). */
  committed: CommittedUserDay[];
}

export type FromWriter =
  | { type: "done"; id: number; report: WriteReport | null }
  | { type: "failed"; id: number; error: string };

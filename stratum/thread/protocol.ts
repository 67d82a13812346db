// Messages between the main thread's handle (./threaded-pool.ts) and the pool thread
// (./pool-thread.ts). Everything here is plain data: it crosses by structured clone.
import type { PoolEventMap, PoolEventName } from "../events.ts";
import type { NodeConnection, PoolOptions, PoolStatus, WorkerBest } from "../pool.ts";
import type { ShareRows } from "./share-rows.ts";

/**
 * The pool's options minus what cannot cross a thread: the logger stays on the main thread
 * (the pool thread forwards its lines), the node is given as its connection, and the clock is
 * the thread's own. Any other option passes through untouched.
 */
export type ThreadPoolOptions = Omit<PoolOptions, "log" | "node" | "now"> & { node: NodeConnection };

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogLine = [level: LogLevel, msg: string, meta: Record<string, unknown> | undefined];
export type EventEntry = { [K in PoolEventName]: [name: K, event: PoolEventMap[K]] }[PoolEventName];
/** An event in a batch: a share_submitted is its row in the batch's `shares` (./share-rows.ts). */
export type BatchEntry = EventEntry | number;

export type ToPoolThread =
  | { type: "start"; opts: ThreadPoolOptions; bests: WorkerBest[]; batchMs: number; batchMax: number; statusMs: number; nice: number | null }
  | { type: "restoreBests"; entries: WorkerBest[] }
  | { type: "setBanned"; addresses: string[] }
  | { type: "stop" };

export type FromPoolThread =
  /** Events and log lines in the order they happened, and the status when it changed. */
  | { type: "batch"; events: BatchEntry[]; shares: ShareRows | null; logs: LogLine[]; status: PoolStatus | null }
  | { type: "started"; port: number; status: PoolStatus }
  | { type: "startFailed"; error: string }
  /** Sent after the last batch: every event of the stopped pool has crossed. */
  | { type: "stopped"; error: string | null };

// What the HTTP layer is given by src/main.ts (and by tests): plain dependencies, no globals.
import type { NodeProblem } from "../../stratum/index.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";

/** The pool as the web side sees it: a snapshot of its state (stratum/pool.ts `status()`). */
export interface PoolStatus {
  listening: boolean;
  port: number;
  sessions: number;
  workers: number;
  node: { state: "connecting" | "ready" | "down" | "syncing"; lastError?: string; problem?: NodeProblem; since: number };
  height?: number;
  networkDifficulty?: number;
  lastTemplateAt?: number;
  blocksFound: number;
  /** What the pool's connection limits did since start (stratum/pool.ts PoolLimitCounters). */
  limits?: {
    refusedAtCap: number;
    refusedPerIp: number;
    subscribeTimeouts: number;
    idleTimeouts: number;
    rejectFloodCuts: number;
    authorizeAbuseCuts: number;
    workersRefused: number;
  };
}

/** Events lost between the pool and storage (all 0 on a healthy pool). */
export interface EventLossCounters {
  /** Events a bus subscriber's full queue dropped (only rejected shares may be dropped). */
  busDropped: number;
  /** Accepted shares dropped anywhere (must stay 0). */
  acceptedSharesDropped: number;
  /** Raw share rows the writer dropped because it fell behind. */
  shareRowsDropped: number;
  /** Rejected shares counted in the rollups but not stored as raw rows (per-worker row cap). */
  rejectRowsAggregated: number;
}

/** The mining writer thread as readiness sees it (src/mining/ingest.ts `WriterStatus`). */
export interface StorageStatus {
  state: "starting" | "ok" | "failing" | "down";
  error: string | null;
  since: number;
}

export interface AppDeps {
  config: Config;
  db: Db;
  log: Logger;
  pool: { status(): PoolStatus };
  /** The writer that stores shares; when given, readiness requires it to be writing. */
  storage?: { status(): StorageStatus };
  /** Event loss counters for /health/ready; absent when nothing is wired (tests of pages). */
  eventLoss?: () => EventLossCounters;
  version: string;
  startedAt: number;
  now: () => number;
}

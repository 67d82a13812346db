// What the HTTP layer is given by src/main.ts (and by tests): plain dependencies, no globals.
import type { NodeProblem } from "../../stratum/index.ts";
import type { Config } from "../config.ts";
import type { MetricsRegistry } from "../core/metrics.ts";
import type { Logger } from "../log.ts";
import type { PoolLimitCounters } from "../../stratum/index.ts";
import type { ClusterView } from "../../views/pages/status.ts";

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
  /** What the pool's connection limits did since start. */
  limits?: PoolLimitCounters;
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

/** The database as the web layer itself sees it (domains get their repositories from src/server.ts). */
export interface StorageHealth {
  /** "sqlite" or "postgres", for readiness. */
  engine: string;
  /** True while the database answers a trivial query. */
  ping(): Promise<boolean>;
}

/** This instance among the others on one PostgreSQL database (src/cluster/); absent: alone. */
export interface ClusterInfo {
  instanceId: string;
  /** Runs the scheduled jobs (readiness says so). */
  isLeader(): boolean;
  /** The pool as a whole and its instances, for the status page; null until the first heartbeat, or alone. */
  view(): ClusterView | null;
}

export interface AppDeps {
  config: Config;
  /** /metrics families; any feature may register its own (a WebSocket hub its socket gauge). */
  metrics?: MetricsRegistry;
  /** The database (src/db/storage.ts `Storage` fits); readiness asks it. */
  storage: StorageHealth;
  log: Logger;
  pool: { status(): PoolStatus };
  /** The writer that stores shares; when given, readiness requires it to be writing. */
  writer?: { status(): StorageStatus };
  /** Event loss counters for /health/ready; absent when nothing is wired (tests of pages). */
  eventLoss?: () => EventLossCounters;
  version: string;
  startedAt: number;
  now: () => number;
  cluster?: ClusterInfo;
  /** The signed-in caller's time-zone setting (accounts' callerZone): the status page writes its times in it. */
  viewerZone?: (request: Request) => Promise<string | null>;
}

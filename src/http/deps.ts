// What the HTTP layer is given by src/main.ts (and by tests): plain dependencies, no globals.
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";

/** The pool as the web side sees it: a snapshot of its state (stratum/pool.ts `status()`). */
export interface PoolStatus {
  listening: boolean;
  port: number;
  sessions: number;
  workers: number;
  node: { state: "connecting" | "ready" | "down" | "syncing"; lastError?: string; since: number };
  height?: number;
  networkDifficulty?: number;
  lastTemplateAt?: number;
  blocksFound: number;
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
  version: string;
  startedAt: number;
  now: () => number;
}

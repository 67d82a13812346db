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

export interface AppDeps {
  config: Config;
  db: Db;
  log: Logger;
  pool: { status(): PoolStatus };
  version: string;
  startedAt: number;
  now: () => number;
}

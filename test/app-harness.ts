// Builds the real web app over a real SQLite file in a temp dir, for tests of HTTP features.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../src/config.ts";
import { openDatabase, type Db } from "../src/db/client.ts";
import { createApp, type Feature } from "../src/http/app.ts";
import type { PoolStatus } from "../src/http/deps.ts";
import { silentLogger } from "../src/log.ts";

export interface Harness {
  app: Awaited<ReturnType<typeof createApp>>;
  db: Db;
  config: Config;
  /** The pool state the pages and health checks see; tests change it to drive them. */
  poolStatus: PoolStatus;
  clock: { now: number };
  request(path: string, init?: RequestInit): Promise<Response>;
}

export async function appHarness(opts: { env?: Record<string, string>; features?: Feature[] } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "tbg-app-"));
  const r = loadConfig({ TBG_DATA_DIR: dir, ...opts.env });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  const db = openDatabase(r.config.databasePath);
  const clock = { now: Date.parse("2026-11-21T12:00:00Z") };
  const poolStatus: PoolStatus = { listening: true, port: 3333, sessions: 0, workers: 0, node: { state: "connecting", since: clock.now }, blocksFound: 0 };
  const app = await createApp(
    { config: r.config, db, log: silentLogger, pool: { status: () => poolStatus }, version: "0.0.0-test", startedAt: clock.now, now: () => clock.now },
    opts.features,
  );
  return {
    app,
    db,
    config: r.config,
    poolStatus,
    clock,
    request: (path, init) => app.handle(new Request(`http://pool.lan:8080${path}`, init)),
  };
}

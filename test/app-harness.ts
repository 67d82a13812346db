// Builds the real web app over real storage (test/storage.ts: a SQLite file in a temp dir, or a
// fresh PostgreSQL database with TBG_TEST_DATABASE=postgres), for tests of HTTP features.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../src/config.ts";
import type { Storage } from "../src/db/storage.ts";
import { createApp, type Feature } from "../src/http/app.ts";
import type { PoolStatus } from "../src/http/deps.ts";
import { silentLogger } from "../src/log.ts";
import { openTestStorage } from "./storage.ts";

export interface Harness {
  app: Awaited<ReturnType<typeof createApp>>;
  storage: Storage;
  config: Config;
  /** The pool state the pages and health checks see; tests change it to drive them. */
  poolStatus: PoolStatus;
  clock: { now: number };
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function appHarness(opts: { env?: Record<string, string>; features?: Feature[] } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "tbg-app-"));
  const r = loadConfig({ TBG_DATA_DIR: dir, ...opts.env });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  const storage = await openTestStorage("app");
  const clock = { now: Date.parse("2026-11-21T12:00:00Z") };
  const poolStatus: PoolStatus = { listening: true, port: 3333, sessions: 0, workers: 0, node: { state: "connecting", since: clock.now }, blocksFound: 0 };
  const app = await createApp(
    { config: r.config, storage, log: silentLogger, pool: { status: () => poolStatus }, version: "0.0.0-test", startedAt: clock.now, now: () => clock.now },
    opts.features,
  );
  return {
    app,
    storage,
    config: r.config,
    poolStatus,
    clock,
    request: (path, init) => app.handle(new Request(`http://pool.lan:8080${path}`, init)),
    close: () => storage.close(),
  };
}

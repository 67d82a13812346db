// Readiness follows the thread that stores shares: a pool that accepts shares it cannot store
// must not look ready, and shutdown says how many events were not stored. The failures are
// real database failures (a trigger that aborts the write, on the suite's engine), in the real
// writer thread.
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ShareSubmittedEvent } from "../../stratum/events.ts";
import { loadConfig } from "../config.ts";
import type { Storage } from "../db/storage.ts";
import { openTestStorage, refuse, testQueryOne, TEST_ENGINE } from "../../test/storage.ts";
import { createEventBus, type PoolBus } from "../events.ts";
import { createApp } from "../http/app.ts";
import { createLogger } from "../log.ts";
import { createMining, type Mining } from "./service.ts";
import { miningFeature } from "../http/features/mining.ts";

const ADDR = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
const T0 = Date.UTC(2026, 10, 18, 12, 0, 0);
const pool = { status: () => ({ listening: true, port: 3333, sessions: 0, workers: 0, node: { state: "ready" as const, since: 0 }, blocksFound: 0 }) };

let dir: string;
let storage: Storage;
let open: Mining[] = [];
afterEach(async () => {
  for (const m of open) await m.stop();
  open = [];
  await storage?.close();
  rmSync(dir, { recursive: true, force: true });
});

function share(i: number): ShareSubmittedEvent {
  return {
    source: "hosted", address: ADDR, worker: "rig", userAgent: "bitaxe", ip: "10.0.0.2", sessionId: "s", jobId: "1", height: 1,
    accepted: true, targetDifficulty: 1, shareDifficulty: 1 + i, rejectCode: null, rejectReason: null, isBlock: false, timestamp: T0 + i,
  };
}

async function setup() {
  dir = mkdtempSync(join(tmpdir(), "tbg-ready-"));
  storage = await openTestStorage("ready");
  const r = loadConfig({ TBG_DATA_DIR: dir });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  const logLines: string[] = [];
  const log = createLogger({ level: "info", write: (l) => logLines.push(l) });
  const start = async () => {
    const mining = await createMining({ storage, log, config: r.config, now: () => T0, flushIntervalMs: 60_000 });
    open.push(mining);
    const app = await createApp({ config: r.config, storage, log, pool, writer: { status: () => mining.writerStatus() }, version: "t", startedAt: T0, now: () => T0 }, [
      miningFeature(mining),
    ]);
    const ready = async () => {
      const res = await app.handle(new Request("http://pool.lan/health/ready"));
      return { status: res.status, body: (await res.json()) as any };
    };
    return { mining, ready };
  };
  const shares = async () => (await testQueryOne<{ n: number }>(storage, "SELECT count(*) AS n FROM shares")).n;
  return { start, logLines, shares };
}

describe("readiness and the writer thread", () => {
  test("not ready before the writer answers or while batches fail; ready again once they are stored; nothing lost", async () => {
    const { start, logLines, shares } = await setup();
    const { mining, ready } = await start();
    const bus: PoolBus = createEventBus();

    const before = await ready();
    expect(before.status).toBe(503);
    expect(before.body.error.details).toMatchObject({ writer: "starting", database: "ok", node: "ready" });

    mining.attach(bus);
    await mining.flush();
    expect(await ready()).toMatchObject({ status: 200, body: { status: "ready", checks: { database: "ok", engine: TEST_ENGINE, node: "ready", writer: "ok" } } });

    // The disk refuses the share table (an operator's "disk full", as SQLite reports it).
    const allow = await refuse(storage, "shares", "INSERT", "database or disk is full");
    for (let i = 0; i < 50; i++) bus.publish("share_submitted", share(i));
    await mining.flush();
    const failing = await ready();
    expect(failing.status).toBe(503);
    expect(failing.body.error.details).toMatchObject({ writer: "failing", writer_error: expect.stringContaining("database or disk is full") });
    expect(await shares()).toBe(0);

    await allow();
    for (let i = 50; i < 60; i++) bus.publish("share_submitted", share(i));
    await mining.flush();
    expect((await ready()).status).toBe(200);
    expect(await shares()).toBe(60); // the batch kept through the failure was written too

    expect(await mining.stop()).toBe(0);
    expect(logLines.some((l) => l.includes("mining data stored") && l.includes("unstored_events=0") && l.includes("shares_written=60"))).toBe(true);
  }, 60_000);

  test("a writer thread that cannot open the database: not ready, with the reason", async () => {
    const { start, shares } = await setup();
    const first = await start();
    const bus: PoolBus = createEventBus();
    first.mining.attach(bus);
    bus.publish("miner_connected", { source: "hosted", address: ADDR, worker: "rig", userAgent: "bitaxe", ip: "10.0.0.2", sessionId: "s", timestamp: T0 });
    await first.mining.flush();
    await first.mining.stop();
    open = [];
    // A new process marks every worker offline when its writer thread opens: make that write fail.
    await refuse(storage, "workers", "UPDATE", "attempt to write a readonly database");
    const { mining, ready } = await start();
    mining.attach(createEventBus());
    await mining.flush();
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body.error.details).toMatchObject({ writer: "down", writer_error: expect.stringContaining("could not open the database: attempt to write a readonly database") });
    expect(await shares()).toBe(0);
  }, 60_000);

  test("shutdown with events it could not store says how many, as an error", async () => {
    const { start, logLines, shares } = await setup();
    const { mining } = await start();
    const bus: PoolBus = createEventBus();
    mining.attach(bus);
    await refuse(storage, "shares", "INSERT", "database or disk is full");
    for (let i = 0; i < 25; i++) bus.publish("share_submitted", share(i));
    expect(await mining.stop()).toBe(25);
    open = [];
    expect(await shares()).toBe(0);
    expect(logLines.find((l) => l.includes("ERROR") && l.includes("mining data NOT stored at shutdown"))).toContain("unstored_events=25");
  }, 60_000);
});

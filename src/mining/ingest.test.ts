// The storage loop on the engine the suite runs on (test/storage.ts): every share stored, the
// rollups exact, a refused batch kept and written once, a dead writer thread replaced, and a
// SIGKILL losing at most the batch in flight.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { ShareSubmittedEvent } from "../../stratum/index.ts";
import { openStorage, type Storage } from "../db/storage.ts";
import { refuse, testQuery, testQueryOne, testDatabaseTarget } from "../../test/storage.ts";
import { createEventBus, type PoolBus } from "../events.ts";
import { silentLogger } from "../log.ts";
import { HASHES_PER_DIFF, WINDOWS } from "./hashrate.ts";
import { Ingest } from "./ingest.ts";

const ADDR = "bc1qhashratetest0000000000000000000000000";
const T0 = Date.UTC(2026, 0, 7, 10, 0, 0); // a Wednesday

function share(over: Partial<ShareSubmittedEvent>): ShareSubmittedEvent {
  return {
    source: "hosted", address: ADDR, worker: "rig", userAgent: "bitaxe/BM1370/v2.9", ip: "10.0.0.2", sessionId: "s1", jobId: "1",
    height: 900_000, accepted: true, targetDifficulty: 1000, shareDifficulty: 1500, rejectCode: null, rejectReason: null, isBlock: false,
    timestamp: T0, ...over,
  };
}

let storage: Storage;
let ingests: Ingest[] = [];
const newIngest = (o: Omit<ConstructorParameters<typeof Ingest>[0], "target" | "where" | "lastPoolBlockAt" | "log">) => {
  const i = new Ingest({ target: storage.writerTarget, where: storage.where, lastPoolBlockAt: 0, log: silentLogger, ...o });
  ingests.push(i);
  return i;
};
beforeEach(async () => {
  storage = await openStorage(await testDatabaseTarget("ingest"));
});
afterEach(async () => {
  for (const i of ingests) await i.stop();
  ingests = [];
  await storage.close();
});
const one = <T>(sql: string) => testQueryOne<T>(storage, sql);

describe("ingest", () => {
  test("N shares of difficulty D over T seconds give N·D·2^32/T in every window; best difficulty exact", async () => {
    let clock = T0;
    const bus: PoolBus = createEventBus();
    const ingest = newIngest({ now: () => clock, shareRetentionMs: 86_400_000 });
    ingest.attach(bus);
    const N = 6000, D = 1000, T = 600;
    bus.publish("miner_connected", { source: "hosted", address: ADDR, worker: "rig", userAgent: "bitaxe/BM1370/v2.9", ip: "10.0.0.2", sessionId: "s1", timestamp: T0 });
    let best = 0;
    for (let i = 1; i <= N; i++) {
      // A deterministic spread of achieved difficulties; the largest one must come back exactly.
      const achieved = D + ((i * 7919) % 100_003) + i / 1000;
      best = Math.max(best, achieved);
      bus.publish("share_submitted", share({ timestamp: T0 + Math.round((i * T * 1000) / N), shareDifficulty: achieved, worker: i % 2 ? "rig" : "rig2" }));
      if (i % 10 === 0) bus.publish("share_submitted", share({ accepted: false, rejectCode: 23, rejectReason: "Low difficulty share", shareDifficulty: 3, timestamp: T0 + Math.round((i * T * 1000) / N) }));
    }
    await bus.drain();
    clock = T0 + T * 1000;
    const expected = (N * D * HASHES_PER_DIFF) / T;
    const user = ingest.agg.userHashrate(ADDR, clock)!;
    const pool = ingest.agg.poolHashrate(clock);
    for (const w of WINDOWS) {
      expect(Math.abs(user[w] / expected - 1)).toBeLessThan(0.05);
      expect(Math.abs(pool[w] / expected - 1)).toBeLessThan(0.05);
    }
    await ingest.flush();
    const q = one;
    expect((await q<{ n: number }>("SELECT count(*) AS n FROM shares WHERE reject_code IS NULL")).n).toBe(N);
    expect((await q<{ n: number }>("SELECT count(*) AS n FROM shares WHERE reject_code = 23")).n).toBe(N / 10);
    const m = await q<{ a: number; r: number; low: number; s: number; b: number }>(
      "SELECT sum(accepted) AS a, sum(rejected) AS r, sum(rejected_low_diff) AS low, sum(sum_diff) AS s, max(best_diff) AS b FROM share_minutes",
    );
    expect(m).toEqual({ a: N, r: N / 10, low: N / 10, s: N * D, b: best });
    // Hourly rollup read back as a rate over the same T matches too.
    const h = await q<{ s: number }>("SELECT sum(sum_diff) AS s FROM share_hours");
    expect((h.s * HASHES_PER_DIFF) / T).toBe(expected);
    expect((await q<{ b: number }>("SELECT best_difficulty AS b FROM personal_bests WHERE period = 'alltime'")).b).toBe(best);
    expect(await q<{ b: number; n: number; ws: number }>("SELECT best_difficulty AS b, total_shares AS n, week_start AS ws FROM weekly_best_diff"))
      .toEqual({ b: best, n: N, ws: Date.UTC(2026, 0, 5) });
    expect(await q<{ a: number; r: number; w: number }>("SELECT accepted_shares AS a, rejected_shares AS r, workers_active AS w FROM user_daily_stats WHERE day = '2026-01-07'"))
      .toEqual({ a: N, r: N / 10, w: 2 });
    const workers = await testQuery(storage, "SELECT name, is_online, shares_accepted, user_agent FROM workers ORDER BY name");
    expect(workers).toEqual([
      { name: "rig", is_online: 1, shares_accepted: N / 2, user_agent: "bitaxe/BM1370/v2.9" },
      { name: "rig2", is_online: 1, shares_accepted: N / 2, user_agent: "bitaxe/BM1370/v2.9" },
    ]);
    expect((await q<{ m: string }>("SELECT auth_method AS m FROM users WHERE btc_address = '" + ADDR + "'")).m).toBe("miner");
  });

  test("a disconnect takes the worker offline; a silent worker goes offline after the timeout", async () => {
    let clock = T0;
    const bus: PoolBus = createEventBus();
    const ingest = newIngest({ now: () => clock, shareRetentionMs: 86_400_000 });
    ingest.attach(bus);
    const ev = { source: "hosted" as const, address: ADDR, userAgent: "cpuminer/2.5", ip: "10.0.0.3", timestamp: T0 };
    bus.publish("miner_connected", { ...ev, worker: "a", sessionId: "1" });
    bus.publish("share_submitted", share({ worker: "b", timestamp: T0 }));
    await bus.drain();
    await ingest.flush();
    const online = async () => Object.fromEntries((await testQuery<{ name: string; o: number }>(storage, "SELECT name, is_online AS o FROM workers")).map((r) => [r.name, r.o]));
    expect(await online()).toEqual({ a: 1, b: 1 });
    bus.publish("miner_disconnected", { ...ev, worker: "a", sessionId: "1", reason: "closed", connectedAt: T0, sharesAccepted: 0, sharesRejected: 0, bestDifficulty: 0, timestamp: T0 + 1000 });
    await bus.drain();
    clock = T0 + 11 * 60_000;
    await ingest.flush();
    expect(await online()).toEqual({ a: 0, b: 0 });
  });

  test("raw shares past the retention window are deleted; rollups stay", async () => {
    let clock = T0;
    const bus: PoolBus = createEventBus();
    const ingest = newIngest({ now: () => clock, shareRetentionMs: 3_600_000 });
    ingest.attach(bus);
    for (let i = 0; i < 100; i++) bus.publish("share_submitted", share({ timestamp: T0 + i * 60_000 })); // 100 minutes
    await bus.drain();
    await ingest.flush();
    clock = T0 + 100 * 60_000 + 60_000;
    await ingest.flush();
    const n = await one<{ n: number; first: number }>("SELECT count(*) AS n, min(at) AS first FROM shares");
    // Only shares of the last hour remain.
    expect(n.first).toBeGreaterThanOrEqual(clock - 3_600_000);
    expect(n.n).toBe(100 - Math.ceil((clock - 3_600_000 - T0) / 60_000));
    expect((await one<{ a: number }>("SELECT sum(accepted) AS a FROM share_hours")).a).toBe(100);
  });
});

describe("writer thread", () => {
  const counts = () =>
    one<{ shares: number; minutes: number; workers: number }>(
      `SELECT (SELECT count(*) FROM shares) AS shares, (SELECT coalesce(sum(accepted + rejected), 0) FROM share_minutes) AS minutes,
        (SELECT coalesce(sum(shares_accepted + shares_rejected), 0) FROM workers) AS workers`,
    );

  test("the main thread keeps running while a large batch is written", async () => {
    const bus: PoolBus = createEventBus();
    const ingest = newIngest({ now: () => T0 + 60_000, shareRetentionMs: 86_400_000 });
    ingest.attach(bus);
    const N = 60_000;
    for (let i = 0; i < N; i++) bus.publish("share_submitted", share({ worker: `w${i % 500}`, timestamp: T0 + i }));
    await bus.drain();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await ingest.flush();
    clearInterval(timer);
    expect(await counts()).toEqual({ shares: N, minutes: N, workers: N });
    // The batch took the writer thread a while; meanwhile this thread ran its timers. Were the
    // write on this thread, not one tick could have run between the flush and its end.
    expect(ingest.stats.lastWriteMs).toBeGreaterThan(0);
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  test("a batch the database refuses is kept and written whole, exactly once, when it takes it again", async () => {
    const bus: PoolBus = createEventBus();
    const ingest = newIngest({ now: () => T0 + 60_000, shareRetentionMs: 86_400_000 });
    ingest.attach(bus);
    await ingest.flush();
    const allow = await refuse(storage, "shares", "INSERT", "disk says no");
    for (let i = 0; i < 50; i++) bus.publish("share_submitted", share({ timestamp: T0 + i, shareDifficulty: 2000 + i }));
    await bus.drain();
    await ingest.flush();
    expect(ingest.stats.writeErrors).toBe(1);
    expect(await counts()).toEqual({ shares: 0, minutes: 0, workers: 0 });
    for (let i = 50; i < 80; i++) bus.publish("share_submitted", share({ timestamp: T0 + i, shareDifficulty: 2000 + i }));
    await bus.drain();
    await ingest.flush(); // still refused: now both seconds wait
    await allow();
    await ingest.flush();
    expect(await counts()).toEqual({ shares: 80, minutes: 80, workers: 80 });
    expect(await one("SELECT max(best_diff) AS b FROM workers")).toEqual({ b: 2079 });
    expect(ingest.stats.writeErrors).toBe(2);
  });

  test("if the writer thread dies, its events are kept and a new thread writes them", async () => {
    const bus: PoolBus = createEventBus();
    const ingest = newIngest({ now: () => T0 + 60_000, shareRetentionMs: 86_400_000 });
    ingest.attach(bus);
    for (let i = 0; i < 20; i++) bus.publish("share_submitted", share({ timestamp: T0 + i }));
    await bus.drain();
    await ingest.flush();
    expect((await counts()).shares).toBe(20);
    // The thread is ended from outside, as a crash would end it.
    (ingest as unknown as { writer: { worker: Worker } }).writer.worker.terminate();
    for (let i = 20; i < 50; i++) bus.publish("share_submitted", share({ timestamp: T0 + i }));
    await bus.drain();
    await ingest.flush();
    await ingest.flush();
    expect(await counts()).toEqual({ shares: 50, minutes: 50, workers: 50 });
    expect(ingest.stats.writerStarts).toBe(2);
  });
});

describe("crash", () => {
  test("SIGKILL mid-stream loses at most the last batch, and what survived is consistent", async () => {
    const path = await testDatabaseTarget("crash");
    const child = Bun.spawn(["bun", join(import.meta.dir, "ingest-child.ts"), path, "150"], { stdout: "pipe", stderr: "inherit" });
    const reported: number[] = [];
    const reader = child.stdout.getReader();
    let text = "";
    const deadline = Date.now() + 20_000;
    while (reported.length < 4 && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
      let nl: number;
      while ((nl = text.indexOf("\n")) >= 0) {
        const m = /^batch (\d+)$/.exec(text.slice(0, nl));
        if (m) reported.push(Number(m[1]));
        text = text.slice(nl + 1);
      }
    }
    child.kill("SIGKILL");
    await child.exited;
    expect(reported.length).toBeGreaterThanOrEqual(4);
    const last = reported.at(-1)!;
    const after = await openStorage(path);
    const n = await testQueryOne<{ n: number; best: number }>(after, "SELECT count(*) AS n, max(share_difficulty) AS best FROM shares");
    const minutes = (await testQueryOne<{ a: number }>(after, "SELECT sum(accepted) AS a FROM share_minutes")).a;
    const counted = (await testQueryOne<{ a: number }>(after, "SELECT sum(shares_accepted) AS a FROM workers")).a;
    await after.close();
    // Every batch reported as committed survived; beyond it at most the batch being written
    // when the kill came — never a part of one.
    expect(n.n).toBeGreaterThanOrEqual(last);
    expect(n.best).toBe(n.n); // no gap: share i (difficulty i+1) for every i < n
    expect(minutes).toBe(n.n);
    expect(counted).toBe(n.n);
  }, 30_000);
});

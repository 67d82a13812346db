// The mining writer and read queries give the same answers on both engines: the same pool
// events go through the real aggregator into a SQLite file and a PostgreSQL database, batch by
// batch, and every read query must then answer identically.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LogEntry } from "../mining/event-log.ts";
import { Aggregator, feed } from "../mining/aggregator.ts";
import { freshPostgresUrl } from "../../test/postgres.ts";
import { openDatabase, type Db } from "./client.ts";
import { lastPoolBlockAt, markAllOffline, MiningWriter } from "./mining.ts";
import { sqliteMiningReads, type MiningReads } from "./mining-reads.ts";
import { lastPoolBlockAtPg, markAllOfflinePg, PgMiningWriter } from "./pg-mining.ts";
import { PgMiningQueries } from "./pg-mining-queries.ts";
import { openPostgres, type PgDb } from "./postgres.ts";

const T0 = Date.parse("2026-11-23T09:00:00Z"); // a Monday
const ALICE = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
const BOB = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh";
const BLOCK = "00000000000000000001c0ffee00000000000000000000000000000000000000";

let lite: Db;
let pg: PgDb;
beforeAll(async () => {
  lite = openDatabase(join(mkdtempSync(join(tmpdir(), "tbg-mining-")), "tbg.sqlite"));
  pg = await openPostgres(await freshPostgresUrl("mining"), { max: 4 });
});
afterAll(async () => {
  lite?.close();
  await pg?.close();
});

const base = { source: "hosted" as const, userAgent: "bitaxe/2.4", ip: "10.0.0.7", sessionId: "s1" };

function share(address: string, worker: string, at: number, shareDifficulty: number, rejectCode: number | null = null, isBlock = false): LogEntry {
  return {
    name: "share_submitted",
    event: {
      ...base, address, worker, sessionId: `${address}-${worker}`, jobId: "j", height: 900_000, accepted: rejectCode === null,
      targetDifficulty: 1024, shareDifficulty, rejectCode, rejectReason: rejectCode === null ? null : "x", isBlock, timestamp: at,
    },
  };
}

/** Three batches: two miners over two hours, rejects of every kind, a found block and the chain's word on it. */
function batches(): LogEntry[][] {
  const one: LogEntry[] = [
    { name: "miner_connected", event: { ...base, address: ALICE, worker: "rig1", sessionId: `${ALICE}-rig1`, timestamp: T0 } },
    { name: "miner_connected", event: { ...base, address: BOB, worker: "", sessionId: `${BOB}-`, timestamp: T0 } },
    { name: "new_block_network", event: { source: "hosted", height: 899_999, hash: "aa".repeat(32), difficulty: 1.2e14, timestamp: T0 } },
  ];
  for (let i = 0; i < 40; i++) one.push(share(ALICE, "rig1", T0 + i * 1500, 1000 + i * 37));
  for (let i = 0; i < 10; i++) one.push(share(BOB, "", T0 + i * 5000, 2000 + i, [null, 21, 22, 23, 20][i % 5]!));
  const two: LogEntry[] = [];
  for (let i = 0; i < 30; i++) two.push(share(ALICE, "rig1", T0 + 3_600_000 + i * 2000, 500 + i));
  two.push({ name: "miner_connected", event: { ...base, address: ALICE, worker: "rig2", sessionId: `${ALICE}-rig2`, timestamp: T0 + 3_600_000 } });
  two.push(share(ALICE, "rig2", T0 + 3_610_000, 1.3e14, null, true));
  two.push({
    name: "block_found",
    event: { source: "hosted", hash: BLOCK, height: 900_000, address: ALICE, worker: "rig2", accepted: true, reason: null, shareDifficulty: 1.3e14, networkDifficulty: 1.2e14, rewardSats: 312_512_345, timestamp: T0 + 3_610_000 },
  });
  two.push({ name: "new_block_network", event: { source: "hosted", height: 900_000, hash: BLOCK, difficulty: 1.2e14, timestamp: T0 + 3_611_000 } });
  const three: LogEntry[] = [
    { name: "block_status", event: { hash: BLOCK, status: "confirmed", confirmations: 3, timestamp: T0 + 3_700_000 } },
    { name: "miner_disconnected", event: { ...base, address: BOB, worker: "", sessionId: `${BOB}-`, reason: "closed", connectedAt: T0, sharesAccepted: 2, sharesRejected: 8, bestDifficulty: 2004, timestamp: T0 + 3_700_000 } },
  ];
  for (let i = 0; i < 5; i++) three.push(share(ALICE, "rig1", T0 + 7 * 86_400_000 + i * 1000, 3000 + i)); // next week
  return [one, two, three];
}

async function answers(q: MiningReads) {
  const alice = (await q.userIdByAddress(ALICE))!;
  const bob = (await q.userIdByAddress(BOB))!;
  const workers = await q.workers(alice);
  const m0 = Math.floor(T0 / 60_000);
  const h0 = Math.floor(T0 / 3_600_000);
  const weekly = [];
  for (const w of [T0 - 3 * 86_400_000 + 0, Date.parse("2026-11-23T00:00:00Z"), Date.parse("2026-11-30T00:00:00Z")]) weekly.push(await q.weeklyBest(alice, w), await q.weeklyBest(bob, w));
  const page1 = await q.shares(alice, null, 7);
  return {
    missing: await q.userIdByAddress("bc1qnobody"),
    workers: workers.map(({ createdAt, ...w }) => ({ ...w, createdAt: typeof createdAt })),
    worker: await q.worker(alice, workers[0]!.id).then((w) => w && { ...w, createdAt: 0 }),
    bobWorkers: (await q.workers(bob)).map(({ createdAt, ...w }) => w),
    userMinutes: await q.userMinutes(alice, m0, 5),
    userMinutesBob: await q.userMinutes(bob, m0, 1),
    userHours: await q.userHours(alice, h0 - 1, 1),
    workerHours: await q.workerHours(workers[0]!.id, h0),
    poolMinutes: await q.poolMinutes(m0, 15),
    poolHours: await q.poolHours(h0, 24),
    rejects: [await q.userRejects(bob, m0), await q.userRejects(alice, m0 + 100_000)],
    shares: page1,
    sharesNext: await q.shares(alice, page1.at(-1)!.id, 7, workers[0]!.id),
    shareDifficulties: await q.shareDifficulties(alice, T0 + 3_600_000, 5),
    blocks: await q.blocks(null, 10),
    blocksOfBob: await q.blocks(null, 10, bob),
    blocksInPlay: await q.blocksInPlay(0),
    blockCount: await q.blockCount(),
    personalBests: (await q.personalBests(alice)).sort((a, b) => a.period.localeCompare(b.period)),
    weekly,
    weeklyHistory: await q.weeklyHistory(alice, 5),
    daily: await q.dailyStats(alice, null, 10),
    totals: [await q.userTotalDiff(alice), await q.userTotalDiff(bob), [...(await q.workerTotalDiffs(alice))].length],
    poolCounts: await q.poolCounts(),
    tip: await q.networkTip(),
    history: await q.networkHistory(5),
    workerBests: (await q.workerBests()).sort((a, b) => `${a.address}.${a.worker}`.localeCompare(`${b.address}.${b.worker}`)),
  };
}

test("the same batches give the same answers from SQLite and PostgreSQL", async () => {
  const liteWriter = new MiningWriter(lite.sqlite);
  const pgWriter = new PgMiningWriter(pg.sql);
  const liteAgg = new Aggregator(T0);
  const pgAgg = new Aggregator(T0);
  for (const events of batches()) {
    for (const e of events) {
      feed(liteAgg, e);
      feed(pgAgg, e);
    }
    const rl = liteWriter.write(liteAgg.take());
    const rp = await pgWriter.write(pgAgg.take());
    expect([rp.shares, rp.workers]).toEqual([rl.shares, rl.workers]);
  }
  const fromLite = await answers(sqliteMiningReads(lite));
  const fromPg = await answers(new PgMiningQueries(pg.sql));
  // Not vacuous: the batches reached the tables.
  expect(fromLite.workers.length).toBe(2);
  expect(fromLite.blocks.map((b) => [b.status, b.confirmations, b.rewardSats])).toEqual([["confirmed", 3, 312_512_345]]);
  expect(fromLite.rejects[0]).toMatchObject({ stale: 2, duplicate: 2, lowDiff: 2, other: 2 });
  expect(fromLite.shares.length).toBe(7);
  expect(fromPg).toEqual(fromLite);

  expect(await lastPoolBlockAtPg(pg.sql)).toBe(lastPoolBlockAt(lite.sqlite));
  expect(await lastPoolBlockAtPg(pg.sql)).toBe(T0 + 3_610_000);
  markAllOffline(lite.sqlite, T0 + 9e6);
  await markAllOfflinePg(pg.sql, T0 + 9e6);
  expect((await new PgMiningQueries(pg.sql).poolCounts()).onlineWorkers).toBe(0);
  expect(await new PgMiningQueries(pg.sql).workers(1)).toEqual(await sqliteMiningReads(lite).workers(1).then((ws) => ws.map((w) => ({ ...w, createdAt: expect.any(Number) }))));

  // Retention removes the same rows on both.
  const cut = T0 + 3_600_000 + 30_000;
  const pl = liteWriter.prune(cut, cut);
  const pp = await pgWriter.prune(cut, cut);
  expect(pp).toEqual(pl);
  expect(pl.shares).toBeGreaterThan(0);
  expect(await answers(new PgMiningQueries(pg.sql))).toEqual(await answers(sqliteMiningReads(lite)));
});

test("a batch that fails leaves nothing behind on PostgreSQL and can be written again", async () => {
  const db = await openPostgres(await freshPostgresUrl("mining_fail"), { max: 2 });
  try {
    const writer = new PgMiningWriter(db.sql);
    const agg = new Aggregator(T0);
    for (const e of batches()[0]!) feed(agg, e);
    const batch = agg.take();
    // A block row with a height PostgreSQL cannot store makes the batch fail after its other rows.
    const bad = { ...batch, blocks: [{ source: "hosted" as const, hash: "ff".repeat(32), height: 2 ** 40, address: ALICE, worker: "rig1", accepted: true, reason: null, shareDifficulty: 1, networkDifficulty: 1, rewardSats: 1, timestamp: T0 }] };
    await expect(writer.write(bad)).rejects.toThrow();
    const q = new PgMiningQueries(db.sql);
    expect(await q.userIdByAddress(ALICE)).toBeNull();
    expect(await q.poolCounts()).toEqual({ miners: 0, workers: 0, onlineWorkers: 0, onlineMiners: 0 });
    await writer.write(batch);
    expect((await q.workers((await q.userIdByAddress(ALICE))!)).map((w) => [w.name, w.sharesAccepted])).toEqual([["rig1", 40]]);
  } finally {
    await db.close();
  }
});

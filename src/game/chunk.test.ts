// Many players in one batch: the game evaluates them as sets, several chunks per batch (100
// users a chunk on SQLite, 250 on PostgreSQL), new players mixed with known ones. What players
// see stays exact: each total equals their ledger, every new miner gets first_share once, known
// miners get the new day and nothing again, and the same batch delivered twice grants nothing.
import { afterEach, beforeEach, expect, test } from "bun:test";
import type { ShareSubmittedEvent } from "../../stratum/index.ts";
import { testDatabaseTarget, testQuery, testQueryOne } from "../../test/storage.ts";
import { DAY_MS } from "../core/time.ts";
import { openStorage, type Storage } from "../db/storage.ts";
import { createEventBus, type EventBus, type PoolBus } from "../events.ts";
import { silentLogger } from "../log.ts";
import type { BatchCommittedEvent, MiningEventMap } from "../mining/committed.ts";
import { Ingest } from "../mining/ingest.ts";
import { createGame, type Game } from "./service.ts";

const WED = Date.UTC(2026, 10, 25, 10, 0, 0);
const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const address = (u: number) => `bc1q${[...u.toString(32).padStart(6, "0")].map((c) => BECH32[parseInt(c, 32)]).join("")}${"q".repeat(32)}`;

let storage: Storage;
let clock = WED;
let pool: PoolBus;
let mined: EventBus<MiningEventMap>;
let committed: BatchCommittedEvent[];
let ingest: Ingest;
let game: Game;

beforeEach(async () => {
  storage = await openStorage(await testDatabaseTarget("gamechunk"));
  clock = WED;
  pool = createEventBus();
  mined = createEventBus();
  committed = [];
  mined.on("mining.batch_committed", (e) => void committed.push(e));
  ingest = new Ingest({
    target: storage.writerTarget, where: storage.where, lastPoolBlockAt: 0, log: silentLogger, now: () => clock, shareRetentionMs: 86_400_000 * 30,
    flushIntervalMs: 3_600_000, onCommitted: (e) => void mined.publish("mining.batch_committed", e),
  });
  ingest.attach(pool);
  ingest.start();
  game = createGame({ repos: storage.repos, log: silentLogger, now: () => clock });
  game.attach(mined);
});
afterEach(async () => {
  await ingest.stop();
  await game.stop();
  await storage.close();
});

async function mine(users: number[], at: number) {
  for (const u of users)
    pool.publish("share_submitted", {
      source: "hosted", address: address(u), worker: "rig", userAgent: "bitaxe", ip: "10.0.0.2", sessionId: `s${u}`, jobId: "1", height: 900_000, accepted: true,
      targetDifficulty: 1000, shareDifficulty: 1500 + u, rejectCode: null, rejectReason: null, isBlock: false, timestamp: at,
    } satisfies ShareSubmittedEvent);
  await pool.drain();
  await ingest.flush();
  await mined.drain();
  await game.idle();
}

const n = async (text: string) => Number((await testQueryOne<{ n: number }>(storage, text)).n);
/** Players whose materialized total is not their ledger's sum (must be none). */
const drift = () =>
  n("SELECT count(*) AS n FROM user_gamification g WHERE g.total_xp <> (SELECT coalesce(sum(x.amount), 0) FROM xp_ledger x WHERE x.user_id = g.user_id)");

test("600 new miners in one batch, then 300 of them plus 300 new ones the next day: every total exact, nothing granted twice", async () => {
  const first = Array.from({ length: 600 }, (_, i) => i);
  await mine(first, WED);
  expect(await n("SELECT count(*) AS n FROM user_gamification")).toBe(600);
  expect(await n("SELECT count(*) AS n FROM user_badges WHERE slug = 'first_share'")).toBe(600);
  expect(await n("SELECT count(*) AS n FROM xp_ledger WHERE source = 'daily_share'")).toBe(600);
  expect(await n("SELECT count(*) AS n FROM notifications WHERE type = 'badge_earned'")).toBe(600);
  expect(await n("SELECT count(*) AS n FROM activity_feed WHERE kind = 'miner_joined'")).toBe(600);
  expect(await drift()).toBe(0);
  const after1 = await n("SELECT count(*) AS n FROM xp_ledger");

  // The same batch delivered again: nothing new anywhere.
  const counts = async () => [await n("SELECT count(*) AS n FROM xp_ledger"), await n("SELECT count(*) AS n FROM user_badges"), await n("SELECT count(*) AS n FROM notifications"), await n("SELECT count(*) AS n FROM activity_feed")];
  const before = await counts();
  mined.publish("mining.batch_committed", committed.at(-1)!);
  await mined.drain();
  await game.idle();
  expect(await counts()).toEqual(before);

  // Next day: half of them again (known players, one chunk mixing them with new ones) and 300 new.
  clock = WED + DAY_MS;
  const second = [...first.slice(300), ...Array.from({ length: 300 }, (_, i) => 600 + i)];
  await mine(second, clock);
  expect(await n("SELECT count(*) AS n FROM user_gamification")).toBe(900);
  expect(await n("SELECT count(*) AS n FROM user_badges WHERE slug = 'first_share'")).toBe(900);
  expect(await n("SELECT count(*) AS n FROM xp_ledger WHERE source = 'daily_share'")).toBe(1200);
  expect(await n("SELECT count(*) AS n FROM xp_ledger WHERE source = 'badge'")).toBeGreaterThanOrEqual(900);
  expect(await n("SELECT count(*) AS n FROM xp_ledger")).toBeGreaterThan(after1);
  expect(await drift()).toBe(0);
  // A returning miner: two days of daily XP, the badge once, and their state shows the second day.
  const back = (await testQuery<{ id: number }>(storage, "SELECT id FROM users WHERE btc_address = ?", [address(450)]))[0]!.id;
  expect(await n(`SELECT count(*) AS n FROM xp_ledger WHERE user_id = ${back} AND source = 'daily_share'`)).toBe(2);
  expect(await n(`SELECT count(*) AS n FROM user_badges WHERE user_id = ${back}`)).toBe(1);
  const st = await game.state(back);
  expect(st.lastActiveDay).toBe("2026-11-26");
  expect(st.badgesEarned).toBe(1);
  expect(st.totalShares).toBe(2);
}, 120_000);

// Leagues on the engine the suite runs on: shares go through the real ingest and writer thread
// into the mining tables; the season-end job is driven by tick() with a moved clock — placement by
// hashrate, a newcomer placed when they first mine, weekly round points, promotion and relegation
// (with a tie at the zone's edge), the next season, and the job running twice changing nothing.
import { afterEach, beforeEach, expect, test } from "bun:test";
import type { ShareSubmittedEvent } from "../../../stratum/index.ts";
import { openTestStorage, testQuery } from "../../../test/storage.ts";
import { WEEK_MS } from "../../core/time.ts";
import type { Storage } from "../../db/storage.ts";
import { createEventBus, type PoolBus } from "../../events.ts";
import { silentLogger } from "../../log.ts";
import { Ingest } from "../../mining/ingest.ts";
import { createNamer } from "../names.ts";
import { seasonBounds, roundPoints } from "./rules.ts";
import { createLeagues, type LeagueEventMap, type Leagues } from "./service.ts";

const HOUR = 3_600_000;
const S = seasonBounds(2).startsAt; // Monday 2026-02-02 00:00 UTC
let storage: Storage, leagues: Leagues, pool: PoolBus, ingest: Ingest;
let clock = S;
/** Share difficulty per player; E and F are equally strong (the tie). */
const STR: Record<string, number> = { A: 9000, B: 8000, C: 7000, D: 6000, E: 5000, F: 5000, G: 3000, H: 2000, I: 2000 };
const ids: Record<string, number> = {};
const id = (p: string) => ids[p]!;
const addr = (p: string) => `bc1qleague${p.toLowerCase().repeat(32)}`;

beforeEach(async () => {
  storage = await openTestStorage("leagues");
  clock = S - 2 * HOUR;
  pool = createEventBus();
  ingest = new Ingest({ target: storage.writerTarget, where: storage.where, lastPoolBlockAt: 0, log: silentLogger, now: () => clock, shareRetentionMs: 86_400_000 * 90, flushIntervalMs: 3_600_000 });
  ingest.attach(pool);
  ingest.start();
  leagues = createLeagues({ repos: storage.repos, log: silentLogger, namer: () => createNamer("test-salt"), now: () => clock, tierSize: 3 });
  for (const p of Object.keys(STR)) ids[p] = (await storage.repos.users.insertUser({ btcAddress: addr(p) }, S - WEEK_MS)).id;
});
afterEach(async () => {
  await ingest.stop();
  await leagues.stop();
  await storage.close();
});

function share(p: string, at: number): ShareSubmittedEvent {
  const d = STR[p]!;
  return { source: "hosted", address: addr(p), worker: "rig", userAgent: "bitaxe", ip: "10.0.0.3", sessionId: p, jobId: "1", height: 1, accepted: true, targetDifficulty: d, shareDifficulty: d, rejectCode: null, rejectReason: null, isBlock: false, timestamp: at };
}
async function mine(players: string[], at: number) {
  for (const p of players) pool.publish("share_submitted", share(p, at));
  await pool.drain();
  await ingest.flush();
}
/** Every league's clubs of a season, by tier, as the tables show them. */
const tables = async (season: number | null, viewer: number | null = null) => {
  const v = await leagues.view(season, viewer);
  return Promise.all(v.leagues.map(async (l) => (await leagues.table(v.season, l.tier, viewer)).league));
};
const tableOf = async (season: number | null) =>
  Object.fromEntries((await tables(season)).map((l) => [l.tier, l.clubs.map((c) => Object.keys(ids).find((k) => ids[k] === c.userId)!)]));

test("round points: place by difficulty-weighted shares (equal sums share the place), 5 more for the best share", () => {
  const pts = roundPoints([
    { userId: 1, accepted: 2, sumDiff: 8000, bestDiff: 4000 },
    { userId: 2, accepted: 1, sumDiff: 5000, bestDiff: 5000 },
    { userId: 3, accepted: 1, sumDiff: 5000, bestDiff: 5000 },
    { userId: 4, accepted: 1, sumDiff: 10, bestDiff: 10 },
    { userId: 5, accepted: 0, sumDiff: 0, bestDiff: 0 },
  ]);
  expect([...pts]).toEqual([[1, 10], [2, 14], [3, 14], [4, 7]]);
});

test("a season: placement by hashrate, a newcomer, weekly points, promotion and relegation at the end, once", async () => {
  const seen: string[] = [];
  leagues.events.on("compete.league_promoted", (e: LeagueEventMap["compete.league_promoted"]) => void seen.push(`up ${e.userId} ${e.fromTier}>${e.toTier}`));
  leagues.events.on("compete.league_relegated", (e) => void seen.push(`down ${e.userId} ${e.fromTier}>${e.toTier}`));
  leagues.events.on("compete.league_season_ended", (e) => void seen.push(`ended ${e.season} ${e.clubs} ${e.promoted} ${e.relegated}`));
  // The week before the season: everyone but I mines once (their hashrate).
  await mine(["A", "B", "C", "D", "E", "F", "G", "H"], S - HOUR);
  clock = S + 60_000;
  await leagues.tick();
  // Strongest first, three to a tier; E and F are equal: the lower user id (E) first.
  expect(await tableOf(null)).toEqual({ 1: ["A", "B", "C"], 2: ["D", "E", "F"], 3: ["G", "H"] });

  // Each week everyone but H mines one share; I is new and is placed once they mine.
  for (let w = 0; w < 4; w++) {
    clock = S + w * WEEK_MS + 2 * HOUR;
    await mine(["A", "B", "C", "D", "E", "F", "G", "I"], clock - HOUR);
    await leagues.tick();
    if (w === 0) {
      const v = await leagues.view(null, ids.I!);
      expect(v.mine).toMatchObject({ tier: 3, league: "Gold League" });
      expect(v.rounds.map((r) => r.status)).toEqual(["live", "scheduled", "scheduled", "scheduled"]);
      // Round 1 so far: A 10 + 5 (best share), B 9, C 8.
      expect((await leagues.table(null, 1, null)).league.clubs.map((c) => c.points)).toEqual([15, 9, 8]);
    }
  }
  const live = await leagues.view(null, ids.F!);
  expect(live.leagues.map((l) => [l.tier, l.promote, l.relegate])).toEqual([[1, 0, 1], [2, 1, 1], [3, 1, 0]]);
  // E and F tie on points, shares and best share: E was placed first, F is in the relegation zone.
  const liveTables = await tables(null, id("F"));
  expect(liveTables[1]!.clubs.map((c) => [c.points, c.zone, c.me])).toEqual([[60, "promotion", false], [36, null, false], [36, "relegation", true]]);
  expect(live.mine).toMatchObject({ tier: 2, position: 3, points: 36 });
  expect(liveTables[2]!.clubs.map((c) => [c.userId, c.points, c.roundsPlayed])).toEqual([[id("G"), 60, 4], [id("I"), 36, 4], [id("H"), 0, 0]]);

  // Season over: the job closes it and opens season 3, twice at once and once more later.
  clock = seasonBounds(3).startsAt + 60_000;
  await Promise.all([leagues.tick(), leagues.tick()]);
  await leagues.tick();
  const done = await leagues.view(2, null);
  expect(done.closedAt).toBe(seasonBounds(3).startsAt + 60_000);
  expect((await tables(2)).map((l) => l.clubs.map((c) => c.movement))).toEqual([["stayed", "stayed", "relegated"], ["promoted", "stayed", "relegated"], ["promoted", "stayed", "stayed"]]);
  // Season 3: moved clubs in their new tiers; H (no round played) is not carried over.
  expect(await tableOf(3)).toEqual({ 1: ["A", "B", "D"], 2: ["C", "E", "G"], 3: ["F", "I"] });
  await leagues.stop();
  expect(seen.sort()).toEqual([`down ${ids.C} 1>2`, `down ${ids.F} 2>3`, "ended 2 9 2 2", `up ${ids.D} 2>1`, `up ${ids.G} 3>2`].sort());
  const stored = await testQuery<{ n: number }>(storage, "SELECT count(*) AS n FROM league_clubs WHERE season = 2 AND movement IS NOT NULL");
  expect(Number(stored[0]!.n)).toBe(9);
  expect((await leagues.history(ids.D!, 5)).map((c) => [c.season, c.tier])).toEqual([[3, 1], [2, 2]]);
});

test("an empty pool: no season until the job runs, then an empty top league; newcomers open a new bottom tier when every tier is full; a season missed while the pool was off", async () => {
  clock = S + WEEK_MS; // mid-season, nobody has mined
  await expect(leagues.view(null, null)).rejects.toMatchObject({ code: "NOT_FOUND", reason: "NO_SEASON" });
  await leagues.tick();
  let v = await leagues.view(null, null);
  expect([v.season, v.leagues]).toEqual([2, [{ tier: 1, name: "Diamond League", clubs: 0, promote: 0, relegate: 0 }]]);
  await expect(leagues.table(null, 2, null)).rejects.toMatchObject({ reason: "LEAGUE_NOT_FOUND" });
  await expect(leagues.view(7, null)).rejects.toMatchObject({ reason: "SEASON_NOT_FOUND" });
  // Seven players start mining mid-season: strongest first into the free places, three a tier.
  await mine(["A", "B", "C", "D", "E", "F", "G"], clock - HOUR);
  await leagues.tick();
  expect(await tableOf(null)).toEqual({ 1: ["A", "B", "C"], 2: ["D", "E", "F"], 3: ["G"] });
  // The pool is off from season 2 into season 4: the job closes season 2 and opens season 4.
  clock = seasonBounds(4).startsAt + WEEK_MS;
  await mine(["H"], seasonBounds(4).startsAt - HOUR);
  await leagues.tick();
  v = await leagues.view(null, id("H"));
  expect(v.season).toBe(4);
  expect((await leagues.view(2, null)).closedAt).toBe(clock);
  await expect(leagues.view(3, null)).rejects.toMatchObject({ reason: "SEASON_NOT_FOUND" });
  // Season 2's moves: D up, C and F down; G, alone in tier 3, cannot go up (a third of one club
  // is nobody). H, new, mined the week before: tier 2 has a free place, so H takes it.
  expect(await tableOf(4)).toEqual({ 1: ["A", "B", "D"], 2: ["C", "E", "H"], 3: ["F", "G"] });
  expect(v.mine).toMatchObject({ tier: 2 });
});

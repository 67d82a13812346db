// Leaderboards on the engine the suite runs on: stored weekly/daily mining rows in, the boards a
// visitor would read out. Ties, the privacy alias, country sums, neighbours at both edges, the
// stored snapshot and its 30-day pruning, and the rank-change event.
import { afterEach, beforeEach, expect, test } from "bun:test";
import type { Storage } from "../db/storage.ts";
import { DAY_MS, utcDay, weekStart } from "../core/time.ts";
import { openTestStorage, testQuery, testQueryOne } from "../../test/storage.ts";
import { silentLogger } from "../log.ts";
import { neighbors, percentile } from "./boards.ts";
import { createLeaderboards, SNAPSHOT_KEEP_MS, type Leaderboards, type RanksEventMap } from "./leaderboards.ts";
import { shortAddress } from "./names.ts";

const WED = Date.UTC(2026, 10, 25, 10, 0, 0);
const MON = weekStart(WED);
let storage: Storage;
let clock = WED;
let boards: Leaderboards[];

beforeEach(async () => {
  storage = await openTestStorage("ranks");
  clock = WED;
  boards = [];
});
afterEach(async () => {
  for (const b of boards) await b.stop();
  await storage.close();
});

const lb = () => {
  const b = createLeaderboards({ repos: storage.repos, log: silentLogger, now: () => clock });
  boards.push(b);
  return b;
};

let n = 0;
async function miner(o: { name?: string; country?: string; hidden?: boolean; hideCountry?: boolean; signedIn?: boolean; best: number; shares: number; days?: number }) {
  const address = `bc1qrank${String(++n).padStart(4, "0")}xxxxxxxxxxxxxxxxxxxxxxxxxxxx`;
  const u = await storage.repos.users.insertUser({ btcAddress: address, displayName: o.name ?? null, countryCode: o.country ?? null, authMethod: o.signedIn ? "wallet" : "miner", lastLoginAt: o.signedIn ? WED : null }, WED);
  if (o.hidden || o.hideCountry) await storage.repos.users.updateSettings(u.id, { privacyShowProfile: !o.hidden, privacyShowCountry: !o.hideCountry }, WED);
  await score(u.id, o.best, o.shares, o.days ?? 1);
  return { id: u.id, address };
}

/** The stored rows mining would have written: this week's best and shares, spread over `days` days. */
async function score(userId: number, best: number, shares: number, days = 1) {
  await testQuery(storage, "DELETE FROM weekly_best_diff WHERE user_id = ?", [userId]);
  await testQuery(storage, "DELETE FROM user_daily_stats WHERE user_id = ?", [userId]);
  await testQuery(storage, "INSERT INTO weekly_best_diff (user_id, week_start, best_difficulty, total_shares, sum_diff) VALUES (?, ?, ?, ?, ?)", [userId, MON, best, shares, shares]);
  for (let d = 0; d < days; d++)
    await testQuery(storage, "INSERT INTO user_daily_stats (user_id, day, total_shares, accepted_shares, best_diff, sum_diff) VALUES (?, ?, ?, ?, ?, ?)", [
      userId, utcDay(MON + d * DAY_MS), Math.floor(shares / days), Math.floor(shares / days), best, shares,
    ]);
}

test("equal best difficulties share a rank and are listed oldest account first (1, 2, 2, 4)", async () => {
  const a = await miner({ name: "Alice", best: 500, shares: 10 });
  const b = await miner({ name: "Bob", best: 300, shares: 99 });
  const c = await miner({ name: "Carol", best: 300, shares: 1 });
  const d = await miner({ name: "Dave", best: 100, shares: 5 });
  const week = await lb().board("weekly");
  expect(week.entries.map((e) => [e.rank, e.name])).toEqual([[1, "Alice"], [2, "Bob"], [2, "Carol"], [4, "Dave"]]);
  expect(week.entries.map((e) => e.userId)).toEqual([a.id, b.id, c.id, d.id]);
  // All time ranks by accepted shares instead.
  const all = await boards[0]!.board("alltime");
  expect(all.entries.map((e) => e.name)).toEqual(["Bob", "Alice", "Dave", "Carol"]);
});

test("a hidden profile appears under a stable alias; no full address is ever on a board", async () => {
  const shown = await miner({ best: 900, shares: 3 });
  const hidden = await miner({ name: "Secret", country: "DE", hidden: true, best: 800, shares: 2 });
  const first = await lb().board("weekly");
  expect(first.entries[0]!.name).toBe(shortAddress(shown.address));
  expect(first.entries[0]!.name).not.toBe(shown.address);
  const alias = first.entries[1]!.name;
  expect(alias).toMatch(/^Miner [A-Z2-7]{8}$/);
  expect(first.entries[1]!.country).toBeNull();
  const text = JSON.stringify(first.entries);
  expect(text).not.toContain(hidden.address);
  expect(text).not.toContain(shown.address);
  expect(text).not.toContain("Secret");
  // Stable: another refresh, another process (a new instance reads the same stored salt).
  expect((await lb().board("weekly")).entries[1]!.name).toBe(alias);
  await boards[0]!.refresh();
  expect((await boards[0]!.board("weekly")).entries[1]!.name).toBe(alias);
});

test("countries add up miners, shares and the best difficulty of those who show their country", async () => {
  await miner({ country: "JP", best: 100, shares: 10 });
  await miner({ country: "JP", best: 700, shares: 5 });
  await miner({ country: "US", best: 50, shares: 12 });
  await miner({ country: "US", hideCountry: true, best: 9000, shares: 1000 });
  await miner({ best: 1, shares: 1 });
  const rows = await lb().countries("weekly");
  expect(rows).toEqual([
    { countryCode: "JP", rank: 1, totalMiners: 2, totalShares: 15, bestDiff: 700 },
    { countryCode: "US", rank: 2, totalMiners: 1, totalShares: 12, bestDiff: 50 },
  ]);
});

test("neighbours: the window keeps its size at the top and the bottom edge", async () => {
  const ids: number[] = [];
  for (let i = 0; i < 10; i++) ids.push((await miner({ best: 1000 - i, shares: 1 })).id);
  const b = await lb().board("weekly");
  const ranks = (id: number) => neighbors(b, id, 2)!.map((e) => e.rank);
  expect(ranks(ids[0]!)).toEqual([1, 2, 3, 4, 5]);
  expect(ranks(ids[1]!)).toEqual([1, 2, 3, 4, 5]);
  expect(ranks(ids[5]!)).toEqual([4, 5, 6, 7, 8]);
  expect(ranks(ids[9]!)).toEqual([6, 7, 8, 9, 10]);
  expect(neighbors(b, 999_999, 2)).toBeNull();
  const me = await boards[0]!.me(ids[9]!);
  expect(me.weekly).toEqual({ rank: 10, bestDiff: 991, totalShares: 1, percentile: 10, participants: 10 });
  expect(me.weekly!.percentile).toBe(percentile(10, 10));
  expect((await boards[0]!.me(ids[0]!)).weekly!.percentile).toBe(100);
});

test("the leader's refresh stores the top of each board and the countries, and drops snapshots older than 30 days", async () => {
  await miner({ name: "Zed", country: "FR", best: 5, shares: 5 });
  const b = lb();
  await b.refresh({ persist: true });
  clock += SNAPSHOT_KEEP_MS + 1;
  await b.refresh({ persist: true });
  const snaps = await testQuery(storage, "SELECT period, rank, public_name, snapshot_at FROM leaderboard_snapshots ORDER BY period");
  // Only the second refresh's rows remain (alltime and monthly still hold the old data; weekly is a new week).
  expect(new Set(snaps.map((s) => s.snapshot_at))).toEqual(new Set([clock]));
  expect(snaps.map((s) => s.public_name)).toContain("Zed");
  expect((await testQueryOne(storage, "SELECT count(*) AS n FROM country_rankings WHERE snapshot_at < ?", [clock])).n).toBe(0);
  expect((await storage.repos.ranks.latestSnapshot("alltime"))[0]!.publicName).toBe("Zed");
});

test("a signed-in miner whose rank moves gets a rank_changed event; a miner who never signed in does not", async () => {
  const me = await miner({ name: "Me", signedIn: true, best: 100, shares: 1 });
  const other = await miner({ name: "Other", best: 200, shares: 1 });
  const b = lb();
  const got: RanksEventMap["ranks.rank_changed"][] = [];
  b.events.on("ranks.rank_changed", (e) => void got.push(e));
  await b.refresh();
  await score(me.id, 300, 2);
  await b.refresh();
  await (b as unknown as { stop(): Promise<void> }).stop();
  boards.length = 0;
  expect(got.filter((e) => e.period === "weekly")).toEqual([{ userId: me.id, period: "weekly", from: 2, to: 1, at: WED }]);
  expect(got.some((e) => e.userId === other.id)).toBe(false);
});

test("the monthly board counts only this month's days; all time counts every day", async () => {
  const old = await miner({ name: "October", best: 1, shares: 1 });
  await testQuery(storage, "INSERT INTO user_daily_stats (user_id, day, total_shares, accepted_shares, best_diff, sum_diff) VALUES (?, ?, ?, ?, ?, ?)", [old.id, "2026-10-20", 500, 500, 99_999, 1]);
  await miner({ name: "November", best: 50, shares: 20 });
  const b = lb();
  const month = await b.board("monthly");
  expect(month.entries.map((e) => [e.name, e.bestDiff, e.totalShares])).toEqual([["November", 50, 20], ["October", 1, 1]]);
  const all = await b.board("alltime");
  expect(all.entries.map((e) => [e.name, e.bestDiff, e.totalShares])).toEqual([["October", 99_999, 501], ["November", 50, 20]]);
});

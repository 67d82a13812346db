// Every badge trigger at and just below its threshold, from stored mining data as the writer
// leaves it (user_daily_stats, weekly_best_diff, blocks), on the engine the suite runs on; and
// the triggers other features own (education, competition, social, manual) through grantBadge.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { utcDay, WEEK_MS, weekStart } from "../core/time.ts";
import { openStorage, type Storage } from "../db/storage.ts";
import { testDatabaseTarget, testQuery } from "../../test/storage.ts";
import { silentLogger } from "../log.ts";
import { BADGES, type BadgeDef } from "./badges.ts";
import { createGame, type Game } from "./service.ts";

const NOW = Date.UTC(2026, 10, 25, 10, 0, 0);
let storage: Storage;
let game: Game;
let n = 0;

beforeAll(async () => {
  storage = await openStorage(await testDatabaseTarget("badge-triggers"));
  game = createGame({ repos: storage.repos, log: silentLogger, now: () => NOW });
});
afterAll(async () => {
  await game.stop();
  await storage.close();
});

/** A miner whose stored data reaches `value` on the badge's measure. */
async function minerWith(def: BadgeDef, value: number): Promise<number> {
  const u = await storage.repos.users.insertUser({ btcAddress: `bc1qtrigger${String(++n).padStart(30, "0")}`, authMethod: "wallet" } as never, NOW);
  const today = utcDay(NOW);
  const shares = def.trigger === "shares_count" ? value : 1;
  const best = def.trigger === "best_diff" ? value : 1;
  await testQuery(storage, "INSERT INTO user_daily_stats (user_id, day, total_shares, accepted_shares, rejected_shares, best_diff, sum_diff, workers_active) VALUES (?, ?, ?, ?, 0, ?, ?, 1)", [u.id, today, shares, shares, best, shares]);
  const weeks = def.trigger === "streak_weeks" ? value : 1;
  for (let i = 0; i < weeks; i++)
    await testQuery(storage, "INSERT INTO weekly_best_diff (user_id, week_start, best_difficulty, total_shares, sum_diff) VALUES (?, ?, ?, 1, 1)", [u.id, weekStart(NOW) - i * WEEK_MS, best]);
  if (def.trigger === "block_found")
    for (let i = 0; i < value; i++)
      await testQuery(storage, "INSERT INTO blocks (height, hash, user_id, address, reward_sats, network_difficulty, share_difficulty, status, confirmations, found_at) VALUES (?, ?, ?, ?, 312500000, 1, 1, 'accepted', 1, ?)", [
        800_000 + n * 10 + i, `${String(n).padStart(8, "0")}${String(i).padStart(56, "0")}`, u.id, u.btcAddress, NOW - 1000,
      ]);
  return u.id;
}

const has = async (userId: number, slug: string) => (await storage.repos.game.listBadges(userId)).some((b) => b.slug === slug);

/** "Just below": one share, week or block fewer; a difficulty a hair under. */
const below = (def: BadgeDef) => (def.trigger === "best_diff" ? def.threshold! * (1 - 1e-9) : def.threshold! - 1);

const evaluated = BADGES.filter((d) => d.threshold !== null);
test("the catalog: 20 badges, the evaluated ones have thresholds, the others none", () => {
  expect(BADGES).toHaveLength(20);
  expect(evaluated.map((d) => d.slug)).toEqual(["first_share", "shares_1k", "shares_100k", "shares_1m", "diff_1e6", "diff_1e9", "diff_1e12", "streak_4", "streak_12", "streak_26", "streak_52", "block_finder"]);
});

for (const def of evaluated) {
  test(`${def.slug} (${def.trigger} ≥ ${def.threshold}): not at ${below(def)}, earned at ${def.threshold} with ${def.xpReward} XP`, async () => {
    const under = await minerWith(def, below(def));
    const at = await minerWith(def, def.threshold!);
    await game.weekDeadline(); // evaluates everyone active in the last two weeks
    expect(await has(under, def.slug)).toBe(false);
    expect(await has(at, def.slug)).toBe(true);
    const xp = await testQuery<{ amount: number }>(storage, "SELECT amount FROM xp_ledger WHERE user_id = ? AND source = 'badge' AND ref = ?", [at, def.slug]);
    expect(xp.map((r) => Number(r.amount))).toEqual([def.xpReward]);
    const note = await game.notifications(at, { limit: 50 });
    expect(note.filter((x) => x.ref === `badge:${def.slug}`)).toHaveLength(1);
  });
}

for (const def of BADGES.filter((d) => d.threshold === null)) {
  test(`${def.slug} (${def.trigger}): never from mining data, granted once by its feature`, async () => {
    const u = await minerWith(BADGES[0]!, 5);
    await game.weekDeadline();
    expect(await has(u, def.slug)).toBe(false);
    expect(await game.grantBadge(u, def.slug, "feature")).toBe(true);
    expect(await game.grantBadge(u, def.slug, "feature")).toBe(false);
    expect(await has(u, def.slug)).toBe(true);
  });
}

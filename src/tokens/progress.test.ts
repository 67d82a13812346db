// Quests and achievements on the engine the suite runs on: progress comes from what the ledger
// paid (taps, purchases), a completed quest or reached achievement pays once even when 50
// identical claims race, daily quests reset at 00:00 UTC, special quests count from their start,
// and secret achievements stay hidden until reached. A claimed achievement tier also grants game
// XP, once.
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Storage } from "../db/storage.ts";
import { openTestStorage, testQuery } from "../../test/storage.ts";
import { silentLogger } from "../log.ts";
import { apply } from "./ledger.ts";
import { QUEST_BY_SLUG } from "./quests.ts";
import { ACHIEVEMENT_BY_SLUG } from "./achievements.ts";
import { XP } from "../game/xp.ts";
import { createTokens, type Tokens } from "./service.ts";
import { tokens } from "./units.ts";

// PostgreSQL on a busy machine: racing claims take seconds, not milliseconds.
setDefaultTimeout(30_000);
let clock = Date.UTC(2026, 11, 1, 12);
let storage: Storage, svc: Tokens, n = 0;

beforeEach(async () => {
  clock = Date.UTC(2026, 11, 1, 12);
  storage = await openTestStorage("progress");
  svc = createTokens({ repos: storage.repos, log: silentLogger, now: () => clock, rollCrit: () => false });
});
afterEach(async () => {
  await svc.stop();
  await storage.close();
});

const player = async () => (await storage.repos.users.insertUser({ telegramId: 5000 + ++n, authMethod: "telegram", displayName: `P${n}`, displayNameKey: `p${n}` }, clock)).id;

/** Taps like a person: a batch every 3 s of 30–35 taps (the human allowance holds 36). */
async function tapTo(id: number, taps: number) {
  let done = 0;
  for (let i = 0; done < taps; i++) {
    clock += 3_000;
    done += (await svc.tap(id, { count: Math.min(30 + (i % 6), taps - done), clientTime: clock })).accepted;
  }
}

const settled = async <T>(ps: Promise<T>[]) => {
  const r = await Promise.allSettled(ps);
  return { ok: r.filter((x) => x.status === "fulfilled").length, refused: r.filter((x) => x.status === "rejected").map((x) => (x as PromiseRejectedResult).reason?.reason) };
};

test("taps complete Daily Tapper; 50 identical claims pay once; tomorrow it starts again", async () => {
  const id = await player();
  const q = QUEST_BY_SLUG.get("daily_tapper")!;
  await tapTo(id, 60);
  let view = (await svc.progress.quests(id)).find((v) => v.template.slug === "daily_tapper")!;
  expect(view).toMatchObject({ status: "IN_PROGRESS", progress: 60 });
  await expect(svc.progress.claimQuest(id, "daily_tapper")).rejects.toMatchObject({ reason: "QUEST_NOT_COMPLETED" });
  await tapTo(id, 50);
  view = (await svc.progress.quests(id)).find((v) => v.template.slug === "daily_tapper")!;
  expect(view).toMatchObject({ status: "COMPLETED", progress: 100 });
  const before = (await svc.wallet(id)).balance;
  const r = await settled(Array.from({ length: 50 }, () => svc.progress.claimQuest(id, "daily_tapper")));
  expect(r.ok).toBe(1);
  expect(new Set(r.refused)).toEqual(new Set(["ALREADY_CLAIMED"]));
  expect((await svc.wallet(id)).balance).toBe(before + q.reward);
  expect((await testQuery(storage, `SELECT COUNT(*) AS n FROM transactions WHERE type = 'QUEST_REWARD' AND user_id = ${id}`))[0]!.n).toBe(1);
  expect((await svc.progress.quests(id)).find((v) => v.template.slug === "daily_tapper")!.status).toBe("CLAIMED");
  // The weekly quest saw the same taps; tomorrow the daily one is fresh.
  expect((await svc.progress.quests(id)).find((v) => v.template.slug === "weekly_grinder")!.progress).toBe(110);
  clock = Date.UTC(2026, 11, 2, 0, 0, 5);
  expect((await svc.progress.quests(id)).find((v) => v.template.slug === "daily_tapper")).toMatchObject({ status: "IN_PROGRESS", progress: 0 });
  expect((await svc.progress.quests(id)).find((v) => v.template.slug === "weekly_grinder")!.progress).toBe(110);
  expect((await svc.wallet(id)).balance).toBe(await storage.repos.tokens.transactionSum(id));
});

test("an achievement pays each reached tier once under 50 racing claims; secret ones are hidden until reached", async () => {
  const id = await player();
  await expect(svc.progress.claimAchievement(id, "first_tap")).rejects.toMatchObject({ reason: "ACHIEVEMENT_LOCKED" });
  await tapTo(id, 1);
  const before = (await svc.wallet(id)).balance;
  const r = await settled(Array.from({ length: 50 }, () => svc.progress.claimAchievement(id, "first_tap")));
  expect(r.ok).toBe(1);
  expect(new Set(r.refused)).toEqual(new Set(["ALREADY_CLAIMED"]));
  expect((await svc.wallet(id)).balance).toBe(before + ACHIEVEMENT_BY_SLUG.get("first_tap")!.tiers[0]!.reward);
  // The claim also granted game XP, once: one xp_ledger row for the tier, the level totals moved with it.
  const xpRows = await testQuery<{ amount: number; ref: string }>(storage, "SELECT amount, ref FROM xp_ledger WHERE user_id = ? AND source = 'achievement'", [id]);
  expect(xpRows.map((x) => [Number(x.amount), x.ref])).toEqual([[XP.ACHIEVEMENT_TIERS[0], "first_tap:1"]]);
  expect((await storage.repos.game.getState(id))?.totalXp).toBe(XP.ACHIEVEMENT_TIERS[0]);
  const list = await svc.progress.achievements(id);
  expect(list.find((a) => a.template.slug === "first_tap")).toMatchObject({ reached: 1, claimed: 1 });
  expect(list.find((a) => a.template.slug === "golden_finger")).toMatchObject({ hidden: true, reached: 0 });
  // Buying characters reaches Collector bronze; one claim pays it.
  await apply(storage.repos, { userId: id, type: "PENALTY", amount: -1, idemKey: "t:penalty", description: "test", at: clock });
  await apply(storage.repos, { userId: id, type: "AIRDROP", amount: tokens(5_000), idemKey: "t:gift", description: "test", at: clock });
  await svc.purchase(id, "pleb");
  const c = await svc.progress.claimAchievement(id, "collector");
  expect(c).toMatchObject({ tiers: [1], reward: ACHIEVEMENT_BY_SLUG.get("collector")!.tiers[0]!.reward, xp: XP.ACHIEVEMENT_TIERS[0] });
  expect((await storage.repos.game.getState(id))?.totalXp).toBe(2 * XP.ACHIEVEMENT_TIERS[0]);
  expect((await svc.wallet(id)).balance).toBe(await storage.repos.tokens.transactionSum(id));
});

test("a special quest counts from its start; daily ones cannot be started; unknown ones are 404", async () => {
  const id = await player();
  await tapTo(id, 40);
  await expect(svc.progress.claimQuest(id, "block_party")).rejects.toMatchObject({ reason: "QUEST_NOT_STARTED" });
  await expect(svc.progress.startQuest(id, "daily_tapper")).rejects.toMatchObject({ reason: "QUEST_AUTO_STARTED" });
  await expect(svc.progress.startQuest(id, "no_such_quest")).rejects.toMatchObject({ code: "NOT_FOUND" });
  const started = await svc.progress.startQuest(id, "block_party");
  expect(started).toMatchObject({ status: "IN_PROGRESS", progress: 0 });
  await expect(svc.progress.startQuest(id, "block_party")).rejects.toMatchObject({ reason: "QUEST_STARTED" });
  await tapTo(id, 35);
  expect((await svc.progress.quests(id)).find((v) => v.template.slug === "block_party")!.progress).toBe(35);
});

// Token leaderboards on the engine the suite runs on: tokens earned rank players per period,
// a new day starts an empty daily board while the week and all time keep counting, and a
// player's own rank is on every board they scored on.
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Storage } from "../db/storage.ts";
import { openTestStorage } from "../../test/storage.ts";
import { silentLogger } from "../log.ts";
import { apply } from "./ledger.ts";
import { createTokens, type Tokens } from "./service.ts";
import { tokens } from "./units.ts";

setDefaultTimeout(30_000);
let clock = Date.UTC(2026, 11, 2, 12); // a Wednesday
let storage: Storage, svc: Tokens, n = 0;

beforeEach(async () => {
  clock = Date.UTC(2026, 11, 2, 12);
  storage = await openTestStorage("token-boards");
  svc = createTokens({ repos: storage.repos, log: silentLogger, now: () => clock, rollCrit: () => false });
});
afterEach(async () => {
  await svc.stop();
  await storage.close();
});

const player = async (name: string) => (await storage.repos.users.insertUser({ telegramId: 9000 + ++n, authMethod: "telegram", displayName: name, displayNameKey: name.toLowerCase() }, clock)).id;
const earn = (userId: number, units: number, key: string) => apply(storage.repos, { userId, type: "QUEST_REWARD", amount: units, idemKey: key, description: "test", at: clock });

test("TOKENS ranks by tokens earned per period; spending does not lower it; tomorrow's daily board starts empty", async () => {
  const [ann, ben, cy] = [await player("Ann"), await player("Ben"), await player("Cy")];
  await earn(ann, tokens(50), "a1");
  await earn(ben, tokens(80), "b1");
  await earn(cy, tokens(10), "c1");
  await apply(storage.repos, { userId: ben, type: "PENALTY", amount: -tokens(70), idemKey: "b-pen", description: "test", at: clock });
  const day = await svc.boards.board("TOKENS", "DAILY", 10);
  expect(day.entries.map((e) => [e.name, e.score])).toEqual([["Ben", tokens(80)], ["Ann", tokens(50)], ["Cy", tokens(10)]]);
  clock = Date.UTC(2026, 11, 3, 1);
  await earn(cy, tokens(100), "c2");
  expect((await svc.boards.board("TOKENS", "DAILY", 10)).entries.map((e) => e.name)).toEqual(["Cy"]);
  expect((await svc.boards.board("TOKENS", "WEEKLY", 10)).entries.map((e) => e.name)).toEqual(["Cy", "Ben", "Ann"]);
  expect((await svc.boards.board("TOKENS", "ALL_TIME", 2)).entries).toHaveLength(2);
  const mine = await svc.boards.mine(ann);
  expect(mine.find((r) => r.type === "TOKENS" && r.period === "WEEKLY")).toMatchObject({ rank: 3, score: tokens(50) });
  expect(mine.find((r) => r.type === "TOKENS" && r.period === "DAILY")).toMatchObject({ rank: null, score: 0 });
  // A new week (Monday) starts the weekly board again; the month goes on.
  clock = Date.UTC(2026, 11, 7, 0, 0, 1);
  expect((await svc.boards.board("TOKENS", "WEEKLY", 10)).entries).toEqual([]);
  expect((await svc.boards.board("TOKENS", "MONTHLY", 10)).entries.map((e) => e.name)).toEqual(["Cy", "Ben", "Ann"]);
});

test("STREAK and POWER keep the best value reached; daily claims and purchases feed them", async () => {
  const ann = await player("Ann");
  await svc.claimDaily(ann);
  await earn(ann, tokens(600), "gift");
  await svc.purchase(ann, "pleb");
  const streak = await svc.boards.board("STREAK", "ALL_TIME", 10);
  expect(streak.entries).toEqual([{ rank: 1, userId: ann, name: "Ann", score: 1 }]);
  const power = await svc.boards.board("POWER", "WEEKLY", 10);
  expect(power.entries[0]).toMatchObject({ userId: ann });
  expect(power.entries[0]!.score).toBeGreaterThan(0);
  expect((await svc.boards.board("REFERRALS", "ALL_TIME", 10)).entries).toEqual([]);
});

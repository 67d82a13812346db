// Lessons on the engine the suite runs on (test/storage.ts), with the real game for the badge.
// What a reader sees: a right answer completes a lesson and pays 25 XP once however often (or
// however concurrently) it is sent; a wrong one completes nothing; the last lesson of a track
// pays the track's 150 XP; the last track earns rabbit_hole_complete.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { openTestStorage, testQuery, testQueryOne } from "../../test/storage.ts";
import type { Storage } from "../db/storage.ts";
import { createGame, type Game, type GameEventMap } from "../game/service.ts";
import { silentLogger } from "../log.ts";
import { TRACKS } from "./catalog.ts";
import { createLearn, type Learn, type LearnEventMap } from "./service.ts";

const T0 = Date.UTC(2026, 10, 25, 10);
let storage: Storage;
let game: Game;
let learn: Learn;
let userId: number;

beforeEach(async () => {
  storage = await openTestStorage("learn");
  game = createGame({ repos: storage.repos, log: silentLogger, now: () => T0 });
  learn = createLearn({ repos: storage.repos, game, log: silentLogger, now: () => T0 });
  userId = (await storage.repos.users.insertUser({ email: "reader@example.org", authMethod: "email" }, T0)).id;
});
afterEach(async () => {
  await game.stop();
  await storage.close();
});

const first = TRACKS[0]!;
const lesson = first.lessons[0]!;
const xpRows = (source: string) => testQuery(storage, "SELECT amount, ref FROM xp_ledger WHERE user_id = ? AND source = ? ORDER BY ref", [userId, source]);
const totalXp = async () => Number((await testQueryOne(storage, "SELECT total_xp FROM user_gamification WHERE user_id = ?", [userId]))?.total_xp ?? 0);

test("the right answer completes the lesson and pays 25 XP; sending it again pays nothing", async () => {
  const r = await learn.complete(userId, first.slug, lesson.slug, lesson.answer);
  expect(r).toMatchObject({ newlyCompleted: true, xpGranted: 25, trackCompleted: false, totalXp: 25 });
  const again = await learn.complete(userId, first.slug, lesson.slug, lesson.answer);
  expect(again).toMatchObject({ newlyCompleted: false, xpGranted: 0, totalXp: 25 });
  expect(await xpRows("lesson")).toEqual([{ amount: 25, ref: `${first.slug}/${lesson.slug}` }]);
  expect((await learn.track(userId, first.slug)).done.has(lesson.slug)).toBe(true);
});

test("a wrong answer is refused and completes nothing", async () => {
  const wrong = (lesson.answer + 1) % lesson.choices.length;
  await expect(learn.complete(userId, first.slug, lesson.slug, wrong)).rejects.toMatchObject({ code: "VALIDATION", reason: "WRONG_ANSWER" });
  await expect(learn.complete(userId, first.slug, lesson.slug, lesson.choices.length)).rejects.toMatchObject({ reason: "INVALID_ANSWER" });
  await expect(learn.complete(userId, first.slug, "no-such-lesson", 0)).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect(await xpRows("lesson")).toEqual([]);
  expect((await learn.progress(userId)).lessonsDone).toBe(0);
  expect(await totalXp()).toBe(0);
});

test("twenty concurrent completions of one lesson pay 25 XP exactly once", async () => {
  const results = await Promise.all(Array.from({ length: 20 }, () => learn.complete(userId, first.slug, lesson.slug, lesson.answer)));
  expect(results.filter((r) => r.newlyCompleted).length).toBe(1);
  expect(await xpRows("lesson")).toEqual([{ amount: 25, ref: `${first.slug}/${lesson.slug}` }]);
  expect(await totalXp()).toBe(25);
});

test("finishing a track pays 150 XP once, even when its last lessons finish at the same moment", async () => {
  const seen: LearnEventMap["learn.track_completed"][] = [];
  learn.events.on("learn.track_completed", (e) => void seen.push(e));
  const [a, ...rest] = first.lessons;
  await learn.complete(userId, first.slug, a!.slug, a!.answer);
  await Promise.all(rest.flatMap((l) => [learn.complete(userId, first.slug, l.slug, l.answer), learn.complete(userId, first.slug, l.slug, l.answer)]));
  expect(await xpRows("track")).toEqual([{ amount: 150, ref: first.slug }]);
  expect(await totalXp()).toBe(25 * first.lessons.length + 150);
  const t = await learn.track(userId, first.slug);
  expect(t.completedAt).toBe(T0);
  expect(t.completions).toBe(1);
  await learn.idle();
  expect(seen.map((e) => [e.track, e.xp, e.allTracksDone])).toEqual([[first.slug, 150, false]]);
});

test("finishing the last track earns rabbit_hole_complete once, with its XP", async () => {
  const badges: GameEventMap["game.badge_earned"][] = [];
  game.events.on("game.badge_earned", (e) => void badges.push(e));
  for (const t of TRACKS) for (const l of t.lessons) await learn.complete(userId, t.slug, l.slug, l.answer);
  const p = await learn.progress(userId);
  expect(p).toMatchObject({ lessonsDone: p.lessonsTotal, tracksDone: 4, tracksTotal: 4, next: null });
  expect(p.xpEarned).toBe(25 * p.lessonsTotal + 150 * 4);
  // Completing again earns nothing more.
  const again = await learn.complete(userId, TRACKS[3]!.slug, TRACKS[3]!.lessons[0]!.slug, TRACKS[3]!.lessons[0]!.answer);
  expect(again).toMatchObject({ newlyCompleted: false, xpGranted: 0, allTracksDone: true, badgeEarned: false });
  await game.idle();
  expect(badges.map((b) => b.slug)).toEqual(["rabbit_hole_complete"]);
  expect(await testQuery(storage, "SELECT slug FROM user_badges WHERE user_id = ?", [userId])).toEqual([{ slug: "rabbit_hole_complete" }]);
  expect(await totalXp()).toBe(25 * p.lessonsTotal + 150 * 4 + 150);
});

test("progress names the next lesson in track order and history lists completions newest first", async () => {
  expect((await learn.progress(userId)).next?.slug).toBe(lesson.slug);
  await learn.complete(userId, first.slug, lesson.slug, lesson.answer);
  expect((await learn.progress(userId)).next?.slug).toBe(first.lessons[1]!.slug);
  const h = await learn.history(userId, { limit: 10 });
  expect(h.map((x) => x.lesson.slug)).toEqual([lesson.slug]);
  const v = await learn.lesson(userId, first.slug, first.lessons[1]!.slug);
  expect([v.prev?.slug, v.next?.slug, v.completedAt]).toEqual([lesson.slug, first.lessons[2]!.slug, null]);
});

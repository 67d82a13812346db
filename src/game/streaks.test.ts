// Weekly streaks at the week boundary (Monday 00:00 UTC) and across a skipped week.
import { expect, test } from "bun:test";
import { WEEK_MS, weekStart } from "../core/time.ts";
import { computeStreaks, currentStreakAt } from "./streaks.ts";

const MON = Date.parse("2026-11-23T00:00:00Z"); // a Monday
const SUN_LAST = MON - 1000; // Sunday 23:59:59 UTC of the week before

test("Sunday 23:59:59 and Monday 00:00:00 UTC are two weeks: a streak of 2", () => {
  expect(weekStart(SUN_LAST)).toBe(MON - WEEK_MS);
  expect(weekStart(MON)).toBe(MON);
  const s = computeStreaks([weekStart(SUN_LAST), weekStart(MON)], MON);
  expect(s).toMatchObject({ current: 2, longest: 2, start: MON - WEEK_MS });
  // Two shares in the same week count once.
  expect(computeStreaks([weekStart(MON), weekStart(MON + 3600_000)], MON).current).toBe(1);
});

test("a skipped week ends the streak; the longest is kept", () => {
  const weeks = [MON - 4 * WEEK_MS, MON - 3 * WEEK_MS, MON - 2 * WEEK_MS, MON]; // MON − 1 week skipped
  const s = computeStreaks(weeks, MON);
  expect(s).toMatchObject({ current: 1, longest: 3, start: MON });
  expect(s.runLength.get(MON)).toBe(1);
  expect(s.runLength.get(MON - 2 * WEEK_MS)).toBe(3);
});

test("last week still counts while this week is open; a whole missed week makes it 0", () => {
  const weeks = [MON - WEEK_MS, MON];
  expect(computeStreaks(weeks, MON + WEEK_MS + 1).current).toBe(2); // this week (MON+1w) not counted yet
  expect(computeStreaks(weeks, MON + 2 * WEEK_MS).current).toBe(0); // MON+1w passed without a share
  expect(currentStreakAt({ currentStreak: 2, lastActiveWeek: MON }, MON + 2 * WEEK_MS - 1)).toBe(2);
  expect(currentStreakAt({ currentStreak: 2, lastActiveWeek: MON }, MON + 2 * WEEK_MS)).toBe(0);
});

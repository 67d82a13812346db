// Weekly streaks (seed 003): a week counts when it holds at least one accepted share; weeks start
// Monday 00:00 UTC (src/core/time.ts). The current streak is the run of consecutive counted weeks
// ending this week, or last week while this one is still open (it may yet count); once a whole
// week passes without a share it is 0. The longest streak is the longest run ever.
import { WEEK_MS, weekStart } from "../core/time.ts";

export interface Streaks {
  current: number;
  longest: number;
  /** Monday of the first week of the current streak (null when it is 0). */
  start: number | null;
  /** Monday of the last counted week (null when none). */
  lastActiveWeek: number | null;
  /** Each counted week and its place in its run (1 = first week of a run): the streak bonus is 25 × that. */
  runLength: Map<number, number>;
}

/** `weeks`: Mondays 00:00 UTC of the counted weeks, any order, duplicates allowed. */
export function computeStreaks(weeks: readonly number[], now: number): Streaks {
  const sorted = [...new Set(weeks.map((w) => weekStart(w)))].sort((a, b) => a - b);
  const runLength = new Map<number, number>();
  let longest = 0;
  let run = 0;
  let prev: number | null = null;
  for (const w of sorted) {
    run = prev !== null && w - prev === WEEK_MS ? run + 1 : 1;
    runLength.set(w, run);
    if (run > longest) longest = run;
    prev = w;
  }
  const last = sorted.length > 0 ? sorted[sorted.length - 1]! : null;
  const thisWeek = weekStart(now);
  const alive = last !== null && (last === thisWeek || last === thisWeek - WEEK_MS);
  const current = alive ? runLength.get(last)! : 0;
  return { current, longest, start: alive ? last - (current - 1) * WEEK_MS : null, lastActiveWeek: last, runLength };
}

/** The streak as it stands at `now`, from what was stored at the last evaluation (a missed week ends it). */
export function currentStreakAt(stored: { currentStreak: number; lastActiveWeek: number | null }, now: number): number {
  if (stored.lastActiveWeek === null) return 0;
  return stored.lastActiveWeek >= weekStart(now) - WEEK_MS ? stored.currentStreak : 0;
}

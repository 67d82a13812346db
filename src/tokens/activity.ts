// What a ledger entry counts for quests, achievements and token leaderboards. The ledger bumps
// these counters in the same transaction as the balance (src/tokens/ledger.ts), so progress is
// exactly what was paid: a refused or replayed entry counts nothing.
import type { ActivityCounter, ActivityMax } from "../db/repos.ts";
import { utcDay, weekStart } from "../core/time.ts";
import type { Entry } from "./ledger.ts";

export const PERIODS = ["DAILY", "WEEKLY", "MONTHLY", "ALL_TIME"] as const;
export type Period = (typeof PERIODS)[number];

/** The activity row key of `period` at `at`: `D:2026-12-02`, `W:2026-11-30` (Monday), `M:2026-12`, `A`. */
export function periodKey(period: Period, at: number): string {
  switch (period) {
    case "DAILY":
      return `D:${utcDay(at)}`;
    case "WEEKLY":
      return `W:${utcDay(weekStart(at))}`;
    case "MONTHLY":
      return `M:${utcDay(at).slice(0, 7)}`;
    case "ALL_TIME":
      return "A";
  }
}

/** Every row an event at `at` counts in. */
export const periodKeys = (at: number) => PERIODS.map((p) => periodKey(p, at));

export interface Activity {
  add: Partial<Record<ActivityCounter, number>>;
  max: Partial<Record<ActivityMax, number>>;
}

const num = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) && v > 0 ? v : 0);

/** The counters one entry moves (empty for entries that count for nothing, e.g. a penalty). */
export function activityOf(e: Entry): Activity {
  const add: Activity["add"] = {};
  const max: Activity["max"] = {};
  const m = e.metadata ?? {};
  if (e.amount > 0) add.earned = e.amount;
  switch (e.type) {
    case "MINING":
      add.mined = e.amount;
      if (num(m.taps)) add.taps = num(m.taps);
      break;
    case "CHARACTER_UPGRADE":
      add.upgrades = 1;
      break;
    case "CHARACTER_PURCHASE":
      add.purchases = 1;
      break;
    case "REFERRAL_BONUS":
      // The referrer's entry for one friend (not the friend's welcome, not a milestone).
      if (num(m.referee_id)) add.referrals = 1;
      break;
    case "DAILY_REWARD":
      add.dailies = 1;
      if (num(m.streak)) max.streak = num(m.streak);
      break;
  }
  return { add, max };
}

export const isEmpty = (a: Activity) => Object.keys(a.add).length === 0 && Object.keys(a.max).length === 0;

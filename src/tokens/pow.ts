// Tap mining anchored to proof of work (beyond seed 000): a player's verified mining shares raise
// their max energy and regeneration and pay a MINING reward per accepted share difficulty, so a
// farm of tapping bots costs electricity while a home miner taps further. Fed only by
// `mining.batch_committed` (shares stored by the pool), never by the share path. Every number of
// the rule is here (and in the README's "Tokens and the tap game").
import type { TapStateRow } from "../db/repos.ts";
import { utcDay } from "../core/time.ts";

/**
 * Base units (1/1000 token) per unit of accepted share difficulty: 12, i.e. one token per
 * ~83 difficulty. A 1 TH/s miner submits ~233 difficulty a second (1e12 / 2^32), about 10,000
 * tokens an hour — near what an hour of non-stop tapping earns with a fully boosted bar.
 */
export const UNITS_PER_DIFF = 12;

/**
 * Energy tiers by the larger of today's and yesterday's accepted difficulty (UTC days), so the
 * bonus does not vanish at midnight. Equivalents: 10k ≈ 12 min of a 1 GH/s USB stick… 1 M ≈
 * 70 min of a 1 TH/s Bitaxe; 20 M ≈ a Bitaxe all day.
 */
export const POW_TIERS = [
  { name: "Shares in", minDiff: 0, energy: 500, regen: 1 },
  { name: "Hasher", minDiff: 10_000, energy: 1_000, regen: 2 },
  { name: "Rig", minDiff: 1_000_000, energy: 2_000, regen: 3 },
  { name: "Full-time miner", minDiff: 20_000_000, energy: 4_000, regen: 5 },
] as const;

export type PowTier = (typeof POW_TIERS)[number];

/** The accepted difficulty that counts for the tier at `at` (today or yesterday, whichever is larger). */
export function countedDiff(s: Pick<TapStateRow, "powDay" | "powDayDiff" | "powPrevDiff">, at: number): number {
  const today = utcDay(at);
  const yesterday = utcDay(at - 86_400_000);
  if (s.powDay === today) return Math.max(s.powDayDiff, s.powPrevDiff);
  if (s.powDay === yesterday) return s.powDayDiff;
  return 0;
}

/** The tier reached, or null without an accepted share today or yesterday. */
export function powTier(s: Pick<TapStateRow, "powDay" | "powDayDiff" | "powPrevDiff">, at: number): PowTier | null {
  const d = countedDiff(s, at);
  if (d <= 0) return null;
  let best: PowTier | null = null;
  for (const t of POW_TIERS) if (d >= t.minDiff) best = t;
  return best;
}

/** Adds a committed batch's accepted difficulty for `day`; the reward waits in powPending for /mining/claim. */
export function creditShares(s: TapStateRow, day: string, sumDiff: number, at: number): { state: TapStateRow; units: number } {
  let { powDay, powDayDiff, powPrevDiff } = s;
  if (powDay === null || day > powDay) {
    const prev = powDay !== null && utcDay(Date.parse(day) - 86_400_000) === powDay ? powDayDiff : 0;
    powPrevDiff = prev;
    powDay = day;
    powDayDiff = 0;
  }
  if (day === powDay) powDayDiff += sumDiff;
  else if (utcDay(Date.parse(powDay) - 86_400_000) === day) powPrevDiff += sumDiff;
  // Fractions of a unit carry over to the next batch: nothing is created or lost by rounding.
  const exact = (s.powCarry + sumDiff) * UNITS_PER_DIFF;
  const units = Math.floor(exact);
  const carry = (exact - units) / UNITS_PER_DIFF;
  return {
    state: { ...s, powDay, powDayDiff, powPrevDiff, powCarry: carry, powPending: s.powPending + units, powDiffTotal: s.powDiffTotal + sumDiff, updatedAt: at },
    units,
  };
}

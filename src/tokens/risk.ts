// Anti-cheat for the tap game (seed 000 §Anti-Cheating Measures, GAME.md): a risk score raised by
// signals in the tap batches and decaying with time, with the seed's thresholds: above 30 the
// player is flagged for admins, above 50 tap rewards are halved, above 80 tapping is suspended
// for 24 hours. Players are not told which signal counted (they lose rewards, not learn the rule).
import type { TapStateRow } from "../db/repos.ts";
import { HOUR_MS } from "../core/time.ts";

export const RISK = {
  flag: 30,
  halve: 50,
  suspend: 80,
  suspendMs: 24 * HOUR_MS,
  max: 100,
  /** Points forgotten per hour without new signals. */
  decayPerHour: 10,
  /** A batch asking for more taps than a human could have made (the rate clamp cut it). */
  overRate: 5,
  /** A count no tapping finger produces between two batches (scripts post 1,000,000). */
  impossibleCount: 1_000,
  impossible: 25,
  /** Bots are too regular: this many batches in a row with the same count (of 5 or more taps). */
  regularRun: 20,
  regular: 20,
  /**
   * Referral rings: a referrer whose friends keep signing in from one network and device (same
   * IP and user agent on their first session). From the third such friend on, each adds this
   * much to the referrer's score and to the friend's.
   */
  ringFrom: 3,
  ring: 20,
} as const;

export type RiskSignal = "over_rate" | "impossible_count" | "too_regular" | "referral_ring";

/** The state with `points` more risk at `at` (after decay), the signal noted, a suspension above 80. */
export function raiseRisk(s: TapStateRow, points: number, signal: RiskSignal, at: number): TapStateRow {
  const score = Math.min(RISK.max, riskAt(s, at) + points);
  const suspendedUntil = score > RISK.suspend && !isSuspended(s, at) ? at + RISK.suspendMs : s.suspendedUntil;
  return { ...s, risk: score, riskAt: at, riskSignal: signal, suspendedUntil, updatedAt: at };
}

/** The score at `at` after decay. */
export function riskAt(s: Pick<TapStateRow, "risk" | "riskAt">, at: number): number {
  const decayed = Math.floor((Math.max(0, at - s.riskAt) * RISK.decayPerHour) / HOUR_MS);
  return Math.max(0, s.risk - decayed);
}

/** Reward factor in basis points: halved above the seed's 50. */
export const riskRewardBp = (score: number) => (score > RISK.halve ? 5_000 : 10_000);

export const isSuspended = (s: Pick<TapStateRow, "suspendedUntil">, at: number) => s.suspendedUntil !== null && s.suspendedUntil > at;

/** Judges one batch's signals; returns the state's risk fields updated and what was seen. */
export function scoreBatch(s: TapStateRow, count: number, clampedByRate: number, at: number): { state: Pick<TapStateRow, "risk" | "riskAt" | "lastCount" | "sameCountRun" | "suspendedUntil" | "riskSignal">; signals: RiskSignal[]; score: number } {
  const signals: RiskSignal[] = [];
  let score = riskAt(s, at);
  // Partial decay must not be lost: keep the remainder by moving risk_at forward only by whole points.
  const decayedPoints = s.risk - score;
  let from = score === 0 ? at : s.riskAt + Math.floor((decayedPoints * HOUR_MS) / RISK.decayPerHour);
  if (count >= RISK.impossibleCount) signals.push("impossible_count");
  else if (clampedByRate > 0) signals.push("over_rate");
  const run = count >= 5 && count === s.lastCount ? s.sameCountRun + 1 : 1;
  if (run >= RISK.regularRun && run % RISK.regularRun === 0) signals.push("too_regular");
  for (const sig of signals) score += sig === "impossible_count" ? RISK.impossible : sig === "over_rate" ? RISK.overRate : RISK.regular;
  score = Math.min(RISK.max, score);
  if (signals.length > 0 && from > at) from = at;
  const suspendedUntil = score > RISK.suspend && !isSuspended(s, at) ? at + RISK.suspendMs : s.suspendedUntil;
  return {
    state: { risk: score, riskAt: from, lastCount: count, sameCountRun: run, suspendedUntil, riskSignal: signals.length ? signals[signals.length - 1]! : s.riskSignal },
    signals,
    score,
  };
}

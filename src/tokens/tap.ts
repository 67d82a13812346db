// The tap game's rules (seed 000 §Mining/Tapping System), server-authoritative: the client only
// says how many taps it saw; the server decides what they are worth. Energy and the tap
// allowance regenerate from stored timestamps (no timers), so a batch is judged entirely from
// the state row and the server's clock.
import type { TapStateRow } from "../db/repos.ts";
import { utcDay } from "../core/time.ts";
import { UNITS_PER_TOKEN } from "./units.ts";

export const TAP = {
  /** Seed 000 baseRate: 1 token per tap before bonuses. */
  baseUnits: UNITS_PER_TOKEN,
  energyPerTap: 1,
  /** Clones of the big tap games start near these (GAME.md: regeneration ~3/s). */
  baseMaxEnergy: 1_000,
  baseRegenPerS: 3,
  /**
   * A fast human sustains about 10–12 taps a second; the allowance refills at 12/s and holds at
   * most 3 s of taps, so a batch that arrives late after honest tapping is not cut.
   */
  humanTapsPerS: 12,
  allowanceCap: 36,
  /** A batch within this long of the previous one continues the combo. */
  comboWindowMs: 1_500,
  /** Every 25 taps in a combo adds 5 %, up to +50 % at 250 taps. */
  comboStep: 25,
  comboStepBp: 500,
  comboMaxSteps: 10,
  /** Critical hits: each tap has a 5 % chance to count triple (server RNG). */
  critChanceBp: 500,
  critMultiplier: 3,
  /** Boosts, per UTC day: full-energy refills, and turbo (taps ×3 for 20 s). */
  refillsPerDay: 3,
  turbosPerDay: 3,
  turboMultiplier: 3,
  turboMs: 20_000,
} as const;

const BP = 10_000;

/** What the equipped character and the player's proof of work add (src/tokens/pow.ts, characters.ts). */
export interface TapContext {
  maxEnergy: number;
  regenPerS: number;
  /** Character mining rate in basis points (1.0× = 10,000); 10,000 with no character. */
  rateBp: number;
  /** Character level; 0 with no character. */
  level: number;
}

/** Energy at `at` (regenerated from `energyAt`, capped at the maximum). */
export function energyAt(s: Pick<TapStateRow, "energy" | "energyAt">, ctx: Pick<TapContext, "maxEnergy" | "regenPerS">, at: number): number {
  if (s.energy >= ctx.maxEnergy) return ctx.maxEnergy;
  const gained = Math.floor((Math.max(0, at - s.energyAt) * ctx.regenPerS) / 1000);
  return Math.min(ctx.maxEnergy, s.energy + gained);
}

export function allowanceAt(s: Pick<TapStateRow, "allowance" | "allowAt">, at: number): number {
  return Math.min(TAP.allowanceCap, s.allowance + (Math.max(0, at - s.allowAt) * TAP.humanTapsPerS) / 1000);
}

/** Seed 000 levelBonus = 1 + level × 0.1, in basis points. */
export const levelBonusBp = (level: number) => BP + level * 1_000;

export function comboSteps(comboTaps: number): number {
  return Math.min(TAP.comboMaxSteps, Math.floor(comboTaps / TAP.comboStep));
}
export const comboBp = (comboTaps: number) => BP + comboSteps(comboTaps) * TAP.comboStepBp;

export function turboActive(s: Pick<TapStateRow, "turboUntil">, at: number): boolean {
  return s.turboUntil !== null && s.turboUntil > at;
}

/**
 * Seed 000 calculateReward for a batch: base × character rate × level bonus × combo × crit, then
 * turbo and the anti-cheat factor. Computed exactly in bigint and floored once per batch.
 */
export function batchReward(p: { taps: number; crits: number; rateBp: number; level: number; comboTaps: number; turbo: boolean; riskBp: number }): number {
  const weighted = BigInt(p.taps - p.crits + p.crits * TAP.critMultiplier);
  const num = BigInt(TAP.baseUnits) * BigInt(p.rateBp) * BigInt(levelBonusBp(p.level)) * BigInt(comboBp(p.comboTaps)) * BigInt(p.riskBp) * weighted * BigInt(p.turbo ? TAP.turboMultiplier : 1);
  return Number(num / BigInt(BP) ** 4n);
}

/** A fresh player: full energy, a full allowance. */
export function freshTapState(userId: number, ctx: TapContext, at: number): TapStateRow {
  return {
    userId, energy: ctx.maxEnergy, energyAt: at, allowance: TAP.allowanceCap, allowAt: at, comboTaps: 0, lastTapAt: null, tapsTotal: 0, tapEarned: 0, crits: 0,
    boostDay: null, refillsUsed: 0, turbosUsed: 0, turboUntil: null, powDay: null, powDayDiff: 0, powPrevDiff: 0, powCarry: 0, powPending: 0, powEarned: 0, powDiffTotal: 0,
    risk: 0, riskAt: at, lastCount: 0, sameCountRun: 0, suspendedUntil: null, riskSignal: null, updatedAt: at,
  };
}

export interface BatchOutcome {
  state: TapStateRow;
  accepted: number;
  crits: number;
  reward: number;
  clampedByEnergy: number;
  clampedByRate: number;
}

/** Judges one batch of `count` taps at `at`. `rollCrit` is the server's RNG (true = critical). */
export function judgeBatch(s: TapStateRow, count: number, ctx: TapContext, at: number, riskBp: number, rollCrit: () => boolean): BatchOutcome {
  const energy = energyAt(s, ctx, at);
  const allowance = allowanceAt(s, at);
  const byRate = Math.floor(allowance);
  const byEnergy = Math.floor(energy / TAP.energyPerTap);
  const accepted = Math.max(0, Math.min(count, byRate, byEnergy));
  let crits = 0;
  for (let i = 0; i < accepted; i++) if (rollCrit()) crits++;
  const combo = accepted > 0 && s.lastTapAt !== null && at - s.lastTapAt <= TAP.comboWindowMs ? s.comboTaps + accepted : accepted;
  const reward = accepted > 0 ? batchReward({ taps: accepted, crits, rateBp: ctx.rateBp, level: ctx.level, comboTaps: combo, turbo: turboActive(s, at), riskBp }) : 0;
  // Regeneration continues from the moment the energy was last computed; a full bar restarts it now.
  const regenerated = energy - s.energy;
  const nextEnergyAt = energy >= ctx.maxEnergy ? at : s.energyAt + Math.floor((regenerated * 1000) / ctx.regenPerS);
  const state: TapStateRow = {
    ...s,
    energy: energy - accepted * TAP.energyPerTap,
    energyAt: accepted > 0 && energy >= ctx.maxEnergy ? at : nextEnergyAt,
    allowance: allowance - accepted,
    allowAt: at,
    comboTaps: accepted > 0 ? combo : s.comboTaps,
    lastTapAt: accepted > 0 ? at : s.lastTapAt,
    tapsTotal: s.tapsTotal + accepted,
    tapEarned: s.tapEarned + reward,
    crits: s.crits + crits,
    updatedAt: at,
  };
  return { state, accepted, crits, reward, clampedByEnergy: Math.max(0, Math.min(count, byRate) - accepted), clampedByRate: Math.max(0, count - byRate) };
}

/** Boost counters restart each UTC day. */
export function boostsToday(s: TapStateRow, at: number): { refillsLeft: number; turbosLeft: number } {
  const today = utcDay(at);
  const used = s.boostDay === today ? s : { refillsUsed: 0, turbosUsed: 0 };
  return { refillsLeft: TAP.refillsPerDay - used.refillsUsed, turbosLeft: TAP.turbosPerDay - used.turbosUsed };
}

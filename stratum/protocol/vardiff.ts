// Variable difficulty, driven by the pool's timer (not by shares), so a miner that is given too
// high a difficulty and submits nothing is still lowered.
import { normalizeDifficulty } from "./difficulty.ts";

export interface VardiffConfig {
  /** Shares per minute aimed at (TBG_SHARES_PER_MIN, default 6). */
  sharesPerMin: number;
  minDiff: number;
  maxDiff: number;
  /** A full measuring window; a silent miner is lowered after it. */
  windowMs: number;
}

export const DEFAULT_VARDIFF_WINDOW_MS = 60_000;

/** Per-session measurement since the last difficulty change. */
export interface VardiffState {
  windowStart: number;
  /** Sum of the target difficulties of accepted shares in the window (hash work done). */
  sumDiff: number;
  count: number;
}

export function newVardiffState(now: number): VardiffState {
  return { windowStart: now, sumDiff: 0, count: 0 };
}

export function recordShare(state: VardiffState, targetDiff: number): void {
  state.sumDiff += targetDiff;
  state.count++;
}

/** Shortest window we judge on, so a burst of early shares is not over-read. */
const MIN_WINDOW_MS = 2_000;
/** Within this factor of the aim we leave the difficulty alone (avoids flapping). */
const HYSTERESIS = 2;
/** A window this old with no change is restarted, so the estimate follows recent work. */
const MAX_WINDOW_FACTOR = 5;

/**
 * The difficulty this session should move to now, or null to keep it.
 * `floor` is the miner's suggest_difficulty (already clamped to [min,max]) or 0.
 */
export function retarget(state: VardiffState, current: number, now: number, floor: number, cfg: VardiffConfig): number | null {
  const elapsed = now - state.windowStart;
  if (elapsed < MIN_WINDOW_MS) return null;
  const minutes = elapsed / 60_000;
  const expected = cfg.sharesPerMin * minutes;
  const fast = state.count >= Math.max(8, 4 * expected);
  if (!fast && elapsed < cfg.windowMs) return null;
  // With no share at all, assume one arrived now (an upper bound on the miner's speed); a window
  // shorter than one aimed share interval bounds nothing, so a silent miner is at least halved.
  const ideal =
    state.count === 0
      ? Math.min(current / minutes / cfg.sharesPerMin, current / HYSTERESIS)
      : state.sumDiff / minutes / cfg.sharesPerMin;
  const ratio = ideal / current;
  if (state.count > 0 && ratio < HYSTERESIS && ratio > 1 / HYSTERESIS) {
    if (elapsed > cfg.windowMs * MAX_WINDOW_FACTOR) Object.assign(state, newVardiffState(now));
    return null;
  }
  const lower = Math.max(cfg.minDiff, floor);
  const next = normalizeDifficulty(Math.max(ideal, lower), cfg.minDiff, cfg.maxDiff);
  if (next === current) return null;
  return next;
}

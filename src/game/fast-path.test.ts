// When a batch may skip the full game step: only when nothing but the share count (and a best
// already rewarded today) can change. Anything that could grant XP, a badge or a notification
// takes the full, idempotent step.
import { expect, test } from "bun:test";
import { emptyState, onlySharesChanged, type BatchDelta } from "./engine.ts";

const NOW = Date.UTC(2026, 10, 25, 10);
const TODAY = "2026-11-25";
const prior = { ...emptyState(1, NOW), totalShares: 500, bestDiff: 5000, lastActiveDay: TODAY, lastRecordDay: null as string | null };
const delta = (over: Partial<BatchDelta> = {}): BatchDelta => ({ days: [TODAY], acceptedShares: 10, bestDiff: 4000, blocks: 0, ...over });

test("the same day, no best, no block, no badge in reach: shares only", () => {
  expect(onlySharesChanged(prior, delta(), NOW)).toBe(true);
});

test("a new player, a new day, a block: the full step", () => {
  expect(onlySharesChanged(undefined, delta(), NOW)).toBe(false);
  expect(onlySharesChanged({ ...prior, lastActiveDay: null }, delta(), NOW)).toBe(false);
  expect(onlySharesChanged(prior, delta({ days: ["2026-11-26"] }), NOW)).toBe(false);
  expect(onlySharesChanged(prior, delta({ days: [TODAY, "2026-11-24"] }), NOW)).toBe(false);
  expect(onlySharesChanged(prior, delta({ blocks: 1 }), NOW)).toBe(false);
});

test("shares_1k within reach: 999 total stays, the 1,000th takes the full step", () => {
  expect(onlySharesChanged(prior, delta({ acceptedShares: 499 }), NOW)).toBe(true);
  expect(onlySharesChanged(prior, delta({ acceptedShares: 500 }), NOW)).toBe(false);
});

test("a new best: full unless today's record is paid and no difficulty badge is crossed", () => {
  expect(onlySharesChanged(prior, delta({ bestDiff: 6000 }), NOW)).toBe(false);
  const paid = { ...prior, lastRecordDay: TODAY };
  expect(onlySharesChanged(paid, delta({ bestDiff: 6000 }), NOW)).toBe(true);
  expect(onlySharesChanged(paid, delta({ bestDiff: 999_999 }), NOW)).toBe(true);
  expect(onlySharesChanged(paid, delta({ bestDiff: 1_000_000 }), NOW)).toBe(false); // diff_1e6
  expect(onlySharesChanged({ ...paid, lastRecordDay: "2026-11-24" }, delta({ bestDiff: 6000 }), NOW)).toBe(false);
});

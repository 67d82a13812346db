import { expect, test } from "bun:test";
import { DecayedRates, HASHES_PER_DIFF, ckpoolSuffix, formatHashrate } from "./hashrate.ts";
import { monthStart, weekStart } from "./time.ts";

test("ckpool's suffix format: integer below 1000, else three significant digits and a unit", () => {
  expect(ckpoolSuffix(0)).toBe("0");
  expect(ckpoolSuffix(999.9)).toBe("999");
  expect(ckpoolSuffix(1234)).toBe("1.23K");
  expect(ckpoolSuffix(1.2e12)).toBe("1.2T");
  expect(ckpoolSuffix(456e9)).toBe("456G");
  expect(ckpoolSuffix(12.34e15)).toBe("12.3P");
  expect(formatHashrate(1.21e12)).toBe("1.21 TH/s");
});

test("a worker that stopped decays toward zero; the short window first", () => {
  const r = new DecayedRates(0);
  for (let i = 1; i <= 600; i++) r.add(1, i * 1000);
  const at = (t: number) => r.at(t);
  expect(Math.abs(at(600_000)["5m"] / HASHES_PER_DIFF - 1)).toBeLessThan(0.05);
  const later = at(600_000 + 10 * 60_000);
  expect(later["1m"]).toBeLessThan(HASHES_PER_DIFF * 0.001);
  expect(later["5m"]).toBeLessThan(HASHES_PER_DIFF * 0.2);
  expect(later["1h"]).toBeGreaterThan(HASHES_PER_DIFF * 0.4);
});

test("weeks start Monday 00:00 UTC; months on the 1st", () => {
  expect(weekStart(Date.UTC(2026, 10, 18, 12))).toBe(Date.UTC(2026, 10, 16));
  expect(weekStart(Date.UTC(2026, 10, 16))).toBe(Date.UTC(2026, 10, 16));
  expect(weekStart(Date.UTC(2026, 10, 15, 23, 59))).toBe(Date.UTC(2026, 10, 9));
  expect(monthStart(Date.UTC(2026, 10, 18, 12))).toBe(Date.UTC(2026, 10, 1));
});

// The odds against values worked out by hand (see README "Odds of a block").
import { expect, test } from "bun:test";
import { bigNumber, blockOdds, duration, oneIn, percent } from "./odds.ts";

test("1 TH/s against difficulty 10^14: hand-computed chances and expected time", () => {
  // Hashes per block: 1e14 × 4,294,967,296 = 4.294967296e23; at 1e12 H/s that is 4.294967296e11 s.
  const o = blockOdds(1e12, 1e14)!;
  expect(o.expectedSeconds).toBe(4.294967296e11);
  // Day: x = 86,400e12 / 4.294967296e23 = 2.0116567611694336e-7; P = 1 − e^−x ≈ x − x²/2.
  expect(o.chance.day).toBeCloseTo(2.0116565588e-7, 16);
  // Year: x = 31,557,600e12 / 4.294967296e23 = 7.347576e-5 → P = 7.3473061e-5.
  expect(o.chance.year / 7.3473061e-5).toBeCloseTo(1, 6);
  expect(o.chance.week / (7 * 2.0116567611694336e-7)).toBeCloseTo(1, 5);
  expect(duration(o.expectedSeconds)).toBe("13,610 years"); // 4.294967296e11 / 31,557,600 = 13,609.9
  // 1 / 2.0116565588e-7 = 4,970,933: too small a percentage to read, so "1 in".
  expect(percent(o.chance.day)).toBe("1 in 4.97 million");
  expect(percent(o.chance.year)).toBe("0.00735%");
});

test("a hashrate that matches the network's makes a block in 10 minutes likely; large windows saturate", () => {
  // H·600 = D·2^32 → x = 1 per 10 minutes: a day is 144 expected blocks.
  const d = 1e14;
  const o = blockOdds((d * 2 ** 32) / 600, d)!;
  expect(o.expectedSeconds).toBeCloseTo(600, 6);
  expect(o.chance.day).toBe(1 - Math.exp(-144));
  expect(percent(o.chance.day)).toBe("> 99.99%");
  // 1 − e^(−1/144·…) for a 10-minute window is 63.2 %: e.g. a month at 1/4383 of that hashrate.
  expect(percent(blockOdds((d * 2 ** 32) / 2_629_800, d)!.chance.month)).toBe("63.2%");
});

test("unknown network difficulty is null (say so), zero hashrate is zero chance and never", () => {
  expect(blockOdds(1e12, null)).toBeNull();
  expect(blockOdds(1e12, 0)).toBeNull();
  const o = blockOdds(0, 1e14)!;
  expect(o.chance.year).toBe(0);
  expect(duration(o.expectedSeconds)).toBe("never at zero hashrate");
});

test("a share of difficulty d is a 1 in d·2^32 hash", () => {
  expect(oneIn(1)).toBe(4_294_967_296);
  expect(bigNumber(oneIn(1))).toBe("4.29 billion");
  expect(bigNumber(oneIn(1e6))).toBe("4.29 quadrillion");
  expect(bigNumber(oneIn(0.001))).toBe("4.29 million");
  expect(bigNumber(oneIn(0.0001))).toBe("429,497");
});

import { expect, test } from "bun:test";
import { formatBtc, formatUnits, mulDivFloor, parseBtc, parseUnits, toSafeNumber, toUnits } from "./money.ts";

test("decimal text parses to exact base units and formats back", () => {
  expect(parseUnits("1.5", 8)).toBe(150_000_000n);
  expect(parseUnits("0.00000001", 8)).toBe(1n);
  expect(parseUnits("-2", 2)).toBe(-200n);
  expect(parseUnits("21000000", 8)).toBe(2_100_000_000_000_000n);
  // beyond 2^53 stays exact as bigint
  expect(parseUnits("123456789012345678.123456789012345678", 18)).toBe(123456789012345678123456789012345678n);
  expect(formatUnits(123456789012345678123456789012345678n, 18)).toBe("123456789012345678.123456789012345678");
  expect(formatUnits(150_000_000n, 8)).toBe("1.5");
  expect(formatUnits(-1n, 8)).toBe("-0.00000001");
  expect(formatUnits(100n, 2, { minFraction: 2 })).toBe("1.00");
  expect(formatUnits(5n, 0)).toBe("5");
  expect(formatBtc(312_500_000)).toBe("3.125");
  expect(parseBtc("3.125")).toBe(312_500_000n);
});

test("anything but a plain decimal within the unit's precision is refused, not rounded", () => {
  for (const bad of ["", " 1", "1,5", "1e3", "+1", ".5", "1.", "0x10", "1.123456789"]) expect(() => parseUnits(bad, 8)).toThrow(RangeError);
  expect(() => parseUnits("1", -1)).toThrow(RangeError);
});

test("numbers from rows convert only when exact", () => {
  expect(toUnits(42)).toBe(42n);
  expect(() => toUnits(1.5)).toThrow(RangeError);
  expect(() => toUnits(2 ** 53)).toThrow(RangeError);
  expect(toSafeNumber(9_007_199_254_740_991n)).toBe(Number.MAX_SAFE_INTEGER);
  expect(() => toSafeNumber(9_007_199_254_740_992n)).toThrow(RangeError);
});

test("mulDivFloor splits exactly and floors", () => {
  expect(mulDivFloor(1000n, 1n, 3n)).toBe(333n);
  expect(mulDivFloor(-1000n, 1n, 3n)).toBe(-334n);
  expect(mulDivFloor(10n ** 30n, 7n, 10n ** 12n)).toBe(7n * 10n ** 18n);
  expect(() => mulDivFloor(1n, 1n, 0n)).toThrow(RangeError);
});

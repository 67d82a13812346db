import { describe, expect, test } from "bun:test";
import {
  bitsToTarget, DIFF1_TARGET, difficultyToTarget, hashMeetsTarget, hashToBigInt, hashToDifficulty,
  targetToDifficulty, targetToLE,
} from "./difficulty.ts";

const hex64 = (n: bigint) => n.toString(16).padStart(64, "0");

describe("bits → target", () => {
  // Expected targets from bitcoinjs-lib test/fixtures/block.json "targets".
  test.each([
    ["1d00ffff", "00000000ffff0000000000000000000000000000000000000000000000000000"],
    ["1b0404cb", "00000000000404cb000000000000000000000000000000000000000000000000"],
    ["1814dd04", "000000000000000014dd04000000000000000000000000000000000000000000"],
    ["207fffff", "7fffff0000000000000000000000000000000000000000000000000000000000"],
  ])("%s", (bits, expected) => {
    expect(hex64(bitsToTarget(bits)!)).toBe(expected);
  });

  test("malformed and negative encodings are refused", () => {
    expect(bitsToTarget("1d00fff")).toBeNull();
    expect(bitsToTarget("xyzxyzxy")).toBeNull();
    // bitcoinjs's fixture also lists 1b80ffff and 0cffca00 with the sign bit masked off;
    // Bitcoin Core's DeriveTarget rejects a negative compact target, and so do we.
    expect(bitsToTarget("1b80ffff")).toBeNull();
    expect(bitsToTarget("0cffca00")).toBeNull();
    expect(bitsToTarget(0x04923456)).toBeNull(); // sign bit set
    expect(bitsToTarget(0xff123456)).toBeNull(); // overflows 256 bits
  });
});

describe("difficulty", () => {
  test("difficulty 1 is the 0x1d00ffff target", () => {
    expect(DIFF1_TARGET).toBe(bitsToTarget("1d00ffff")!);
    expect(targetToDifficulty(DIFF1_TARGET)).toBe(1);
    expect(difficultyToTarget(1)).toBe(DIFF1_TARGET);
  });

  test("integer and fractional difficulties round-trip", () => {
    for (const d of [0.0001, 0.00015, 0.5, 1, 2, 1000, 65536, 1e9, 1.2e14]) {
      const t = difficultyToTarget(d)!;
      expect(targetToDifficulty(t) / d).toBeCloseTo(1, 12);
    }
    // Fractional difficulty means a target above difficulty 1.
    expect(difficultyToTarget(0.0001)! > DIFF1_TARGET).toBe(true);
  });

  test("bad difficulties give null; tiny ones clamp to the maximum target", () => {
    expect(difficultyToTarget(0)).toBeNull();
    expect(difficultyToTarget(-1)).toBeNull();
    expect(difficultyToTarget(Number.NaN)).toBeNull();
    expect(difficultyToTarget(Number.POSITIVE_INFINITY)).toBeNull();
    expect(difficultyToTarget(1e-30)).toBe((1n << 256n) - 1n);
  });

  test("hashToDifficulty agrees with the bigint definition", () => {
    for (let i = 0; i < 200; i++) {
      const hash = crypto.getRandomValues(new Uint8Array(32));
      hash[31] = 0; hash[30] = 0; hash[29] = i & 0xff; // keep share-like magnitudes
      const exact = Number(DIFF1_TARGET) / Number(hashToBigInt(hash));
      expect(hashToDifficulty(hash) / exact).toBeCloseTo(1, 12);
    }
    expect(hashToDifficulty(new Uint8Array(32))).toBe(Number.POSITIVE_INFINITY);
  });

  test("hashMeetsTarget is exact at the boundary", () => {
    const target = bitsToTarget("1d00ffff")!;
    const le = targetToLE(target);
    expect(hashMeetsTarget(targetToLE(target), le)).toBe(true);
    expect(hashMeetsTarget(targetToLE(target - 1n), le)).toBe(true);
    expect(hashMeetsTarget(targetToLE(target + 1n), le)).toBe(false);
    expect(hashMeetsTarget(targetToLE(0n), le)).toBe(true);
  });
});

import { describe, expect, test } from "bun:test";
import { newVardiffState, recordShare, retarget, type VardiffConfig } from "./vardiff.ts";
import { difficultyJson, normalizeDifficulty } from "./difficulty.ts";
import { ExtranonceAllocator } from "./extranonce.ts";
import { parseSubmit } from "./submit.ts";

const cfg: VardiffConfig = { sharesPerMin: 6, minDiff: 0.0001, maxDiff: 1e12, windowMs: 60_000 };

describe("vardiff", () => {
  test("a fast miner is raised toward the aimed share rate", () => {
    const s = newVardiffState(0);
    // 100 shares at diff 1 in 10 s = 600/min, 100x the aim of 6/min
    for (let i = 0; i < 100; i++) recordShare(s, 1);
    expect(retarget(s, 1, 10_000, 0, cfg)).toBe(100);
  });

  test("a miner that sends nothing is lowered after a window, and further later", () => {
    const s = newVardiffState(0);
    expect(retarget(s, 1000, 30_000, 0, cfg)).toBeNull();
    expect(retarget(s, 1000, 60_000, 0, cfg)).toBe(166);
    expect(retarget(s, 1000, 600_000, 0, cfg)).toBe(16);
  });

  test("the suggest floor and the minimum hold", () => {
    const s = newVardiffState(0);
    expect(retarget(s, 1000, 60_000, 500, cfg)).toBe(500);
    const t = newVardiffState(0);
    expect(retarget(t, 0.0002, 600_000, 0, cfg)).toBe(0.0001);
  });

  test("near the aim nothing changes", () => {
    const s = newVardiffState(0);
    for (let i = 0; i < 6; i++) recordShare(s, 8);
    expect(retarget(s, 8, 60_000, 0, cfg)).toBeNull();
  });
});

describe("difficulty on the wire", () => {
  test("integers at or above 1, four significant digits below", () => {
    expect(normalizeDifficulty(1000.7, 0.0001, 1e9)).toBe(1000);
    expect(difficultyJson(1000)).toBe("1000");
    expect(normalizeDifficulty(0.000151234, 0.0001, 1e9)).toBe(0.0001512);
    expect(difficultyJson(0.00015)).toBe("0.00015");
    expect(normalizeDifficulty(0.00001, 0.0001, 1e9)).toBe(0.0001);
    expect(normalizeDifficulty(5e12, 0.0001, 1e9)).toBe(1e9);
  });
});

describe("extranonce1 allocation", () => {
  test("unique while live, resumable while reserved, reusable after expiry", () => {
    const a = new ExtranonceAllocator(1000, 0xfffffffe);
    expect(a.allocate(0)).toBe(0xfffffffe);
    expect(a.allocate(0)).toBe(0xffffffff);
    expect(a.allocate(0)).toBe(0);
    a.release(0xffffffff, 10);
    // reserved: a fresh allocation skips it, a resume gets it back
    expect(a.allocate(20, "ffffffff")).toBe(0xffffffff);
    expect(a.allocate(20, "ffffffff")).toBe(1);
    a.release(1, 30);
    expect(a.allocate(2000, "00000001")).toBe(2);
  });
});

describe("mining.submit params", () => {
  test("unpadded nonce is left-padded; checks run in order", () => {
    const ok = parseSubmit(["w", "1", "0000000000000000", "6553f100", "1a2b", "00002000"], 8);
    expect(ok).toMatchObject({ nonce: 0x1a2b, versionBits: 0x2000, ntime: 0x6553f100, jobNumber: 1 });
    expect(parseSubmit(["w", "1", "00", "6553f100", "1"], 8)).toMatchObject({ code: 20, reason: "extranonce2 must be 16 hex characters" });
    expect(parseSubmit(["w", "1", "00000000000000zz", "6553f100", "1"], 8)).toMatchObject({ code: 20 });
    expect(parseSubmit(["w", "1", "0000000000000000", "6553f1", "1"], 8)).toMatchObject({ code: 20, reason: "ntime must be 8 hex characters" });
    expect(parseSubmit(["w", "1", "0000000000000000", "6553f100", "123456789"], 8)).toMatchObject({ code: 20 });
    expect(parseSubmit(["w", "1"], 8)).toMatchObject({ code: 20 });
  });
});

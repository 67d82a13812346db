// Levels: seed 003's named thresholds exactly, at and just below each boundary; levels between
// named ones evenly spaced; titles carried from the named level below.
import { expect, test } from "bun:test";
import { levelFor, NAMED_LEVELS, titleForLevel, xpForLevel } from "./levels.ts";

test("every named level of the seed is reached at its cumulative XP and not one XP before", () => {
  const seed: [number, string, number][] = [
    [1, "Nocoiner", 0], [2, "Curious Cat", 100], [3, "Hash Pupil", 600], [4, "Solo Miner", 1_600], [5, "Difficulty Hunter", 4_100],
    [6, "Share Collector", 7_100], [7, "Hash Veteran", 10_600], [8, "Block Chaser", 14_600], [9, "Nonce Grinder", 19_600],
    [10, "Hashrate Warrior", 29_600], [15, "Diff Hunter", 79_600], [20, "Mining Veteran", 179_600], [25, "Satoshi's Apprentice", 429_600],
    [30, "Cypherpunk", 929_600], [50, "Timechain Guardian", 4_929_600],
  ];
  expect(NAMED_LEVELS.map((n) => [n.level, n.title, n.xp])).toEqual(seed);
  for (const [level, title, xp] of seed) {
    expect(levelFor(xp)).toMatchObject({ level, title });
    if (xp > 0) expect(levelFor(xp - 1).level).toBe(level - 1);
  }
});

test("levels between named ones are evenly spaced and carry the title below", () => {
  // 10 → 15 spans 50,000 XP: 10,000 per level.
  expect([11, 12, 13, 14].map(xpForLevel)).toEqual([39_600, 49_600, 59_600, 69_600]);
  expect(levelFor(39_599).level).toBe(10);
  expect(levelFor(39_600)).toMatchObject({ level: 11, title: "Hashrate Warrior", levelXp: 39_600, nextLevelXp: 49_600 });
  // 30 → 50 spans 4,000,000 XP: 200,000 per level.
  expect(xpForLevel(31)).toBe(1_129_600);
  expect(titleForLevel(49)).toBe("Cypherpunk");
  // Past 50: a million per level.
  expect(levelFor(5_929_599).level).toBe(50);
  expect(levelFor(5_929_600)).toMatchObject({ level: 51, title: "Timechain Guardian" });
  // Thresholds only grow.
  for (let l = 1; l < 60; l++) expect(xpForLevel(l + 1)).toBeGreaterThan(xpForLevel(l));
});

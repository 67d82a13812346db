// Levels and titles. The named levels and their cumulative XP are seed 003's table exactly
// (1 Nocoiner at 0 … 50 Timechain Guardian at 4,929,600). Levels between two named ones are
// spaced evenly: level L between named levels A < L < B needs
//   xp(A) + floor((xp(B) − xp(A)) · (L − A) / (B − A)),
// and past 50 every level needs another 1,000,000 XP (the step into 50). A level between two
// named ones carries the title of the named level below it.

export interface NamedLevel {
  level: number;
  title: string;
  xp: number;
}

export const NAMED_LEVELS: readonly NamedLevel[] = [
  { level: 1, title: "Nocoiner", xp: 0 },
  { level: 2, title: "Curious Cat", xp: 100 },
  { level: 3, title: "Hash Pupil", xp: 600 },
  { level: 4, title: "Solo Miner", xp: 1_600 },
  { level: 5, title: "Difficulty Hunter", xp: 4_100 },
  { level: 6, title: "Share Collector", xp: 7_100 },
  { level: 7, title: "Hash Veteran", xp: 10_600 },
  { level: 8, title: "Block Chaser", xp: 14_600 },
  { level: 9, title: "Nonce Grinder", xp: 19_600 },
  { level: 10, title: "Hashrate Warrior", xp: 29_600 },
  { level: 15, title: "Diff Hunter", xp: 79_600 },
  { level: 20, title: "Mining Veteran", xp: 179_600 },
  { level: 25, title: "Satoshi's Apprentice", xp: 429_600 },
  { level: 30, title: "Cypherpunk", xp: 929_600 },
  { level: 50, title: "Timechain Guardian", xp: 4_929_600 },
];

/** XP per level past the last named one. */
export const XP_PER_LEVEL_AFTER_LAST = 1_000_000;

const LAST = NAMED_LEVELS[NAMED_LEVELS.length - 1]!;

/** Cumulative XP needed to reach `level` (≥ 1). */
export function xpForLevel(level: number): number {
  if (!Number.isInteger(level) || level < 1) throw new RangeError(`level must be an integer ≥ 1, got ${level}`);
  if (level >= LAST.level) return LAST.xp + (level - LAST.level) * XP_PER_LEVEL_AFTER_LAST;
  for (let i = 0; i < NAMED_LEVELS.length - 1; i++) {
    const a = NAMED_LEVELS[i]!;
    const b = NAMED_LEVELS[i + 1]!;
    if (level >= a.level && level < b.level) return a.xp + Math.floor(((b.xp - a.xp) * (level - a.level)) / (b.level - a.level));
  }
  return 0;
}

export function titleForLevel(level: number): string {
  let title = NAMED_LEVELS[0]!.title;
  for (const n of NAMED_LEVELS) if (n.level <= level) title = n.title;
  return title;
}

export interface LevelInfo {
  level: number;
  title: string;
  totalXp: number;
  /** Cumulative XP of this level and of the next one. */
  levelXp: number;
  nextLevelXp: number;
  nextTitle: string;
}

/** The level a total of XP reaches (the highest level whose threshold it meets). */
export function levelFor(totalXp: number): LevelInfo {
  const xp = Math.max(0, Math.trunc(totalXp));
  let level: number;
  if (xp >= LAST.xp) level = LAST.level + Math.floor((xp - LAST.xp) / XP_PER_LEVEL_AFTER_LAST);
  else {
    level = 1;
    while (xpForLevel(level + 1) <= xp) level++;
  }
  return { level, title: titleForLevel(level), totalXp: xp, levelXp: xpForLevel(level), nextLevelXp: xpForLevel(level + 1), nextTitle: titleForLevel(level + 1) };
}

// Achievements (seed 000 §Achievement System: categories MINING, SOCIAL, COLLECTION, SPECIAL;
// its examples First Steps, Mining Master and Referral King, and more). Most have bronze, silver
// and gold tiers, each claimed once; secret ones stay hidden ("???") until reached. Progress is
// the player's all-time activity counters (src/tokens/activity.ts). Game content, kept in code.
import type { ActivityColumn } from "../db/repos.ts";
import { XP } from "../game/xp.ts";
import { CHARACTERS } from "./characters.ts";
import { tokens } from "./units.ts";

export const CATEGORIES = ["MINING", "SOCIAL", "COLLECTION", "SPECIAL"] as const;
export type Category = (typeof CATEGORIES)[number];
export const TIER_NAMES = ["BRONZE", "SILVER", "GOLD"] as const;

export interface AchievementTier {
  target: number;
  /** Base units. */
  reward: number;
}

export interface AchievementTemplate {
  slug: string;
  name: string;
  description: string;
  category: Category;
  column: ActivityColumn;
  /** One tier, or bronze/silver/gold in rising order. */
  tiers: readonly AchievementTier[];
  secret: boolean;
}

const t = (target: number, rewardTokens: number): AchievementTier => ({ target, reward: tokens(rewardTokens) });

export const ACHIEVEMENTS: readonly AchievementTemplate[] = [
  { slug: "first_tap", name: "First Steps", description: "Perform your first tap.", category: "MINING", column: "taps", tiers: [t(1, 10)], secret: false },
  { slug: "tap_veteran", name: "Tap Veteran", description: "Taps, all time: 1,000 · 10,000 · 100,000.", category: "MINING", column: "taps", tiers: [t(1_000, 100), t(10_000, 1_000), t(100_000, 10_000)], secret: false },
  { slug: "mining_master", name: "Mining Master", description: "Mine 1,000,000 tokens total.", category: "MINING", column: "mined", tiers: [t(tokens(1_000_000), 10_000)], secret: false },
  { slug: "hash_contributor", name: "Hash Contributor", description: "Accepted share difficulty: 10,000 · 1,000,000 · 100,000,000.", category: "MINING", column: "shares", tiers: [t(10_000, 200), t(1_000_000, 2_000), t(100_000_000, 20_000)], secret: false },
  { slug: "networker", name: "Networker", description: "Friends who joined with your code: 1 · 5 · 25.", category: "SOCIAL", column: "referrals", tiers: [t(1, 100), t(5, 1_000), t(25, 5_000)], secret: false },
  { slug: "referral_king", name: "Referral King", description: "Invite 100 friends.", category: "SOCIAL", column: "referrals", tiers: [t(100, 50_000)], secret: false },
  { slug: "collector", name: "Collector", description: "Characters bought: 1 · 3 · 6.", category: "COLLECTION", column: "purchases", tiers: [t(1, 50), t(3, 500), t(6, 5_000)], secret: false },
  { slug: "gearhead", name: "Gearhead", description: "Character levels bought: 5 · 25 · 100.", category: "COLLECTION", column: "upgrades", tiers: [t(5, 100), t(25, 1_000), t(100, 10_000)], secret: false },
  { slug: "creature_of_habit", name: "Creature of Habit", description: "Daily-reward streak: 7 · 30 · 90 days.", category: "SPECIAL", column: "streak", tiers: [t(7, 200), t(30, 2_000), t(90, 10_000)], secret: false },
  { slug: "golden_finger", name: "Golden Finger", description: "A million taps. Your phone needs a new screen.", category: "SPECIAL", column: "taps", tiers: [t(1_000_000, 25_000)], secret: true },
  { slug: "whale", name: "Whale", description: "Earn 10,000,000 tokens in total.", category: "SPECIAL", column: "earned", tiers: [t(tokens(10_000_000), 50_000)], secret: true },
  { slug: "full_roster", name: "Full Roster", description: "Own every character in the shop.", category: "SPECIAL", column: "purchases", tiers: [t(CHARACTERS.length, 25_000)], secret: true },
];

export const ACHIEVEMENT_BY_SLUG = new Map(ACHIEVEMENTS.map((a) => [a.slug, a]));

export const tierName = (a: AchievementTemplate, tier: number) => (a.tiers.length === 1 ? null : TIER_NAMES[tier - 1]!);

/** XP a claimed tier also grants (src/game/xp.ts): by tier; one-tier achievements pay the first amount, secret ones the last. */
export function achievementXp(a: AchievementTemplate, tier: number): number {
  const x = XP.ACHIEVEMENT_TIERS;
  if (a.secret) return x[x.length - 1]!;
  return a.tiers.length === 1 ? x[0] : x[Math.min(tier, x.length) - 1]!;
}

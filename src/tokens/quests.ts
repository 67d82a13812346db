// Quest templates (seed 000 §Quest System: DAILY, WEEKLY, SPECIAL; requirement types TAP, MINE,
// REFER, UPGRADE, plus SHARES for the proof-of-work anchor and CHECK_IN for the daily reward).
// Daily and weekly quests run by themselves in their UTC day / week (Monday to Sunday); a special
// quest is started by the player and counts from that moment. Game content, kept in code.
import type { ActivityColumn } from "../db/repos.ts";
import type { Period } from "./activity.ts";
import { tokens } from "./units.ts";

export const QUEST_TYPES = ["DAILY", "WEEKLY", "SPECIAL"] as const;
export type QuestType = (typeof QUEST_TYPES)[number];
export type Requirement = "TAP" | "MINE" | "SHARES" | "REFER" | "UPGRADE" | "PURCHASE" | "CHECK_IN";

export interface QuestTemplate {
  slug: string;
  name: string;
  description: string;
  type: QuestType;
  requirement: Requirement;
  /** In the counter's own unit (taps, base units mined, share difficulty, friends, levels, claims). */
  target: number;
  /** Base units. */
  reward: number;
}

/** The activity counter each requirement reads. */
export const REQUIREMENT_COLUMN: Record<Requirement, ActivityColumn> = {
  TAP: "taps", MINE: "mined", SHARES: "shares", REFER: "referrals", UPGRADE: "upgrades", PURCHASE: "purchases", CHECK_IN: "dailies",
};

export const QUESTS: readonly QuestTemplate[] = [
  { slug: "daily_tapper", name: "Daily Tapper", description: "Perform 100 taps today.", type: "DAILY", requirement: "TAP", target: 100, reward: tokens(50) },
  { slug: "warm_hands", name: "Warm Hands", description: "Perform 1,000 taps today.", type: "DAILY", requirement: "TAP", target: 1_000, reward: tokens(250) },
  { slug: "fresh_coins", name: "Fresh Coins", description: "Mine 500 tokens today, by tapping or with your miner.", type: "DAILY", requirement: "MINE", target: tokens(500), reward: tokens(100) },
  { slug: "hash_of_the_day", name: "Hash of the Day", description: "Get 10,000 share difficulty accepted by the pool today.", type: "DAILY", requirement: "SHARES", target: 10_000, reward: tokens(300) },
  { slug: "check_in", name: "Check In", description: "Claim today's daily reward.", type: "DAILY", requirement: "CHECK_IN", target: 1, reward: tokens(25) },
  { slug: "weekly_grinder", name: "Weekly Grinder", description: "Perform 5,000 taps this week.", type: "WEEKLY", requirement: "TAP", target: 5_000, reward: tokens(1_000) },
  { slug: "bring_a_friend", name: "Bring a Friend", description: "A friend joins with your referral code this week.", type: "WEEKLY", requirement: "REFER", target: 1, reward: tokens(750) },
  { slug: "tinkerer", name: "Tinkerer", description: "Buy 3 character levels this week.", type: "WEEKLY", requirement: "UPGRADE", target: 3, reward: tokens(600) },
  { slug: "steady_hasher", name: "Steady Hasher", description: "Get 1,000,000 share difficulty accepted this week.", type: "WEEKLY", requirement: "SHARES", target: 1_000_000, reward: tokens(5_000) },
  { slug: "seven_sunrises", name: "Seven Sunrises", description: "Claim the daily reward on all 7 days of this week.", type: "WEEKLY", requirement: "CHECK_IN", target: 7, reward: tokens(1_500) },
  { slug: "block_party", name: "Block Party", description: "Perform 25,000 taps after starting this quest.", type: "SPECIAL", requirement: "TAP", target: 25_000, reward: tokens(5_000) },
  { slug: "recruiter", name: "Recruiter", description: "Five friends join with your code after starting this quest.", type: "SPECIAL", requirement: "REFER", target: 5, reward: tokens(5_000) },
  { slug: "growing_crew", name: "Growing Crew", description: "Buy 2 characters after starting this quest.", type: "SPECIAL", requirement: "PURCHASE", target: 2, reward: tokens(2_500) },
  { slug: "home_miner", name: "Home Miner", description: "Get 20,000,000 share difficulty accepted after starting this quest: a Bitaxe for a day.", type: "SPECIAL", requirement: "SHARES", target: 20_000_000, reward: tokens(20_000) },
];

export const QUEST_BY_SLUG = new Map(QUESTS.map((q) => [q.slug, q]));

/** The activity period a quest counts in (special quests count all-time from a baseline). */
export const questPeriod = (q: QuestTemplate): Period => (q.type === "DAILY" ? "DAILY" : q.type === "WEEKLY" ? "WEEKLY" : "ALL_TIME");

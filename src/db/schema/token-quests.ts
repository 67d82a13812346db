// Quests, achievements and token leaderboards (seed 000 §Achievements/§Quests tables, adapted):
// templates live in code (src/tokens/quests.ts, achievements.ts); the database keeps what each
// player did per period (token_activity, bumped in the ledger's own transaction) and what they
// claimed (one row per quest and period, per achievement tier: the unique keys make a raced
// claim pay once, with the ledger's idempotency key behind them).
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./core.ts";

/**
 * Counters per player and period: `D:2026-12-02`, `W:2026-12-01` (the Monday), `M:2026-12`, `A`
 * (all time). Additive columns are sums; `power` and `streak` keep the highest value seen.
 */
export const tokenActivity = sqliteTable(
  "token_activity",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    period: text("period").notNull(),
    taps: integer("taps").notNull().default(0),
    /** Base units mined (taps and proof of work). */
    mined: integer("mined").notNull().default(0),
    /** Accepted share difficulty (rounded down per batch). */
    shares: integer("shares").notNull().default(0),
    referrals: integer("referrals").notNull().default(0),
    upgrades: integer("upgrades").notNull().default(0),
    purchases: integer("purchases").notNull().default(0),
    dailies: integer("dailies").notNull().default(0),
    /** Base units credited by any entry. */
    earned: integer("earned").notNull().default(0),
    power: integer("power").notNull().default(0),
    streak: integer("streak").notNull().default(0),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.period] }), index("token_activity_period_earned_idx").on(t.period, t.earned)],
);

/** Seed 000 user_quests: a started special quest (with its baseline) or a claimed one. */
export const userQuests = sqliteTable(
  "user_quests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    quest: text("quest").notNull(),
    /** The activity period the quest counts in (`D:…`, `W:…`, or `S` for a special quest). */
    period: text("period").notNull(),
    /** IN_PROGRESS | CLAIMED */
    status: text("status").notNull(),
    /** The all-time counter when a special quest was started (progress counts from here). */
    baseline: integer("baseline").notNull().default(0),
    startedAt: integer("started_at").notNull(),
    claimedAt: integer("claimed_at"),
    reward: integer("reward").notNull().default(0),
  },
  (t) => [uniqueIndex("user_quests_user_quest_period_uq").on(t.userId, t.quest, t.period), index("user_quests_user_idx").on(t.userId, t.status)],
);

/** Seed 000 user_achievements: one row per claimed tier. */
export const userAchievements = sqliteTable(
  "user_achievements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    achievement: text("achievement").notNull(),
    /** 1 bronze, 2 silver, 3 gold (single-tier achievements use 1). */
    tier: integer("tier").notNull(),
    reward: integer("reward").notNull(),
    claimedAt: integer("claimed_at").notNull(),
  },
  (t) => [uniqueIndex("user_achievements_user_tier_uq").on(t.userId, t.achievement, t.tier)],
);

/**
 * Accepted share difficulty already turned into proof-of-work token credit, per user and UTC
 * day. Crediting compares it with user_daily_stats.sum_diff and credits only the difference, so
 * a batch event and the start-up catch-up (after a crash between the mining commit and the
 * tokens step) never credit the same work twice.
 */
export const powCredits = sqliteTable(
  "pow_credits",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    diff: real("diff").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

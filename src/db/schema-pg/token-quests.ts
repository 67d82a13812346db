// PostgreSQL mirror of ../schema/token-quests.ts (see there for what each column means).
import { doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { int8, users } from "./core.ts";

export const tokenActivity = pgTable(
  "token_activity",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    period: text("period").notNull(),
    taps: int8("taps").notNull().default(0),
    mined: int8("mined").notNull().default(0),
    shares: int8("shares").notNull().default(0),
    referrals: int8("referrals").notNull().default(0),
    upgrades: int8("upgrades").notNull().default(0),
    purchases: int8("purchases").notNull().default(0),
    dailies: int8("dailies").notNull().default(0),
    earned: int8("earned").notNull().default(0),
    power: int8("power").notNull().default(0),
    streak: int8("streak").notNull().default(0),
    updatedAt: int8("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.period] }), index("token_activity_period_earned_idx").on(t.period, t.earned)],
);

export const userQuests = pgTable(
  "user_quests",
  {
    id: int8("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    quest: text("quest").notNull(),
    period: text("period").notNull(),
    status: text("status").notNull(),
    baseline: int8("baseline").notNull().default(0),
    startedAt: int8("started_at").notNull(),
    claimedAt: int8("claimed_at"),
    reward: int8("reward").notNull().default(0),
  },
  (t) => [uniqueIndex("user_quests_user_quest_period_uq").on(t.userId, t.quest, t.period), index("user_quests_user_idx").on(t.userId, t.status)],
);

export const userAchievements = pgTable(
  "user_achievements",
  {
    id: int8("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    achievement: text("achievement").notNull(),
    tier: integer("tier").notNull(),
    reward: int8("reward").notNull(),
    claimedAt: int8("claimed_at").notNull(),
  },
  (t) => [uniqueIndex("user_achievements_user_tier_uq").on(t.userId, t.achievement, t.tier)],
);

export const powCredits = pgTable(
  "pow_credits",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    diff: doublePrecision("diff").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

// PostgreSQL mirror of ../schema/game.ts (see there for what each column means).
import { doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { int8, users } from "./core.ts";

export const xpLedger = pgTable(
  "xp_ledger",
  {
    id: int8("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    source: text("source").notNull(),
    amount: integer("amount").notNull(),
    ref: text("ref").notNull(),
    createdAt: int8("created_at").notNull(),
  },
  (t) => [uniqueIndex("xp_ledger_user_source_ref_uq").on(t.userId, t.source, t.ref), index("xp_ledger_user_idx").on(t.userId, t.id)],
);

export const userBadges = pgTable(
  "user_badges",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    earnedAt: int8("earned_at").notNull(),
    ref: text("ref").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.slug] }), index("user_badges_slug_idx").on(t.slug)],
);

export const userGamification = pgTable("user_gamification", {
  userId: integer("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  totalXp: int8("total_xp").notNull().default(0),
  level: integer("level").notNull().default(1),
  title: text("title").notNull().default("Nocoiner"),
  badgesEarned: integer("badges_earned").notNull().default(0),
  currentStreak: integer("current_streak").notNull().default(0),
  longestStreak: integer("longest_streak").notNull().default(0),
  streakStart: int8("streak_start"),
  lastActiveWeek: int8("last_active_week"),
  lastActiveDay: text("last_active_day"),
  lastRecordDay: text("last_record_day"),
  totalShares: int8("total_shares").notNull().default(0),
  bestDiff: doublePrecision("best_diff").notNull().default(0),
  blocksFound: integer("blocks_found").notNull().default(0),
  updatedAt: int8("updated_at").notNull(),
});

export const gameProgress = pgTable("game_progress", {
  key: text("key").primaryKey(),
  value: int8("value").notNull(),
});

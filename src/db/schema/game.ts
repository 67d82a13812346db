// The game (seed 003 §5 gamification tables, adapted): an append-only XP ledger whose
// (user, source, ref) is unique so a replayed event never grants twice, the earned badges,
// the per-user totals the ledger adds up to (written in the same transaction as each grant),
// and the game's own progress marks (the catch-up watermark). Times in unix ms.
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./core.ts";

export const xpLedger = sqliteTable(
  "xp_ledger",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** daily_share, streak_week, best_diff_record, badge, block, manual, … (src/game/xp.ts). */
    source: text("source").notNull(),
    /** Integer XP; negative only for corrections (a revoked badge). */
    amount: integer("amount").notNull(),
    /** What was rewarded (a day, a week, a badge slug, a block hash): unique per user and source. */
    ref: text("ref").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("xp_ledger_user_source_ref_uq").on(t.userId, t.source, t.ref), index("xp_ledger_user_idx").on(t.userId, t.id)],
);

export const userBadges = sqliteTable(
  "user_badges",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    earnedAt: integer("earned_at").notNull(),
    /** What earned it (a day, a block hash, "admin:<id>"). */
    ref: text("ref").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.slug] }), index("user_badges_slug_idx").on(t.slug)],
);

export const userGamification = sqliteTable("user_gamification", {
  userId: integer("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  totalXp: integer("total_xp").notNull().default(0),
  level: integer("level").notNull().default(1),
  title: text("title").notNull().default("Nocoiner"),
  badgesEarned: integer("badges_earned").notNull().default(0),
  currentStreak: integer("current_streak").notNull().default(0),
  longestStreak: integer("longest_streak").notNull().default(0),
  /** Monday 00:00 UTC of the first week of the current streak. */
  streakStart: integer("streak_start"),
  /** Monday 00:00 UTC of the last week with an accepted share. */
  lastActiveWeek: integer("last_active_week"),
  /** The last UTC day (YYYY-MM-DD) with an accepted share at the last evaluation: its daily XP is granted. */
  lastActiveDay: text("last_active_day"),
  /** The last UTC day whose personal-record XP is paid (a later record that day pays nothing more). */
  lastRecordDay: text("last_record_day"),
  totalShares: integer("total_shares").notNull().default(0),
  bestDiff: real("best_diff").notNull().default(0),
  blocksFound: integer("blocks_found").notNull().default(0),
  updatedAt: integer("updated_at").notNull(),
});

export const gameProgress = sqliteTable("game_progress", {
  key: text("key").primaryKey(),
  value: integer("value").notNull(),
});

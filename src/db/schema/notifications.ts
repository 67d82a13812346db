// The game's social side (seed 003 §5 `notifications`, `user_activity`/`activity_feed`,
// `badge_stats`, adapted): a user's notifications, unique per (user, ref) so a replayed step or
// a second call by another feature never notifies twice; the activity feed (global entries are
// also shown to everyone; the actor's name is resolved at read time so a later privacy change
// hides them), unique per ref; and the daily badge statistics. JSON columns are text. Times in unix ms.
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./core.ts";

export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** badge_earned, level_up, personal_best, streak_extended, streak_at_risk, block_found, pool_block, … */
    type: text("type").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** JSON object or null. */
    data: text("data"),
    /** What it is about (e.g. "badge:first_share"): unique per user. */
    ref: text("ref").notNull(),
    readAt: integer("read_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("notifications_user_ref_uq").on(t.userId, t.ref), index("notifications_user_idx").on(t.userId, t.id)],
);

export const activityFeed = sqliteTable(
  "activity_feed",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** block_found, badge_earned, miner_joined, level_up, personal_best, … */
    kind: text("kind").notNull(),
    /** The actor (null for pool-wide entries). */
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** What happened, without the actor's name ("found block 812"). */
    action: text("action").notNull(),
    data: text("data"),
    /** Shown in the pool-wide feed (rare badges, blocks, new miners); every entry is in its actor's own feed. */
    global: integer("global", { mode: "boolean" }).notNull().default(false),
    ref: text("ref").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("activity_feed_ref_uq").on(t.ref), index("activity_feed_global_idx").on(t.global, t.id), index("activity_feed_user_idx").on(t.userId, t.id)],
);

export const badgeStats = sqliteTable("badge_stats", {
  slug: text("slug").primaryKey(),
  holders: integer("holders").notNull(),
  players: integer("players").notNull(),
  /** holders / players × 100, one decimal. */
  percentage: real("percentage").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

// PostgreSQL mirror of ../schema/notifications.ts (see there for what each column means).
import { boolean, doublePrecision, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { int8, users } from "./core.ts";

export const notifications = pgTable(
  "notifications",
  {
    id: int8("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    data: text("data"),
    ref: text("ref").notNull(),
    readAt: int8("read_at"),
    createdAt: int8("created_at").notNull(),
  },
  (t) => [uniqueIndex("notifications_user_ref_uq").on(t.userId, t.ref), index("notifications_user_idx").on(t.userId, t.id)],
);

export const activityFeed = pgTable(
  "activity_feed",
  {
    id: int8("id").primaryKey().generatedByDefaultAsIdentity(),
    kind: text("kind").notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    data: text("data"),
    global: boolean("global").notNull().default(false),
    ref: text("ref").notNull(),
    createdAt: int8("created_at").notNull(),
  },
  (t) => [uniqueIndex("activity_feed_ref_uq").on(t.ref), index("activity_feed_global_idx").on(t.global, t.id), index("activity_feed_user_idx").on(t.userId, t.id)],
);

export const badgeStats = pgTable("badge_stats", {
  slug: text("slug").primaryKey(),
  holders: integer("holders").notNull(),
  players: integer("players").notNull(),
  percentage: doublePrecision("percentage").notNull(),
  updatedAt: int8("updated_at").notNull(),
});

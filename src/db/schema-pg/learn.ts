// PostgreSQL mirror of ../schema/learn.ts (see there for why lessons are keyed by slug).
import { index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { int8, users } from "./core.ts";

export const lessonCompletions = pgTable(
  "lesson_completions",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    trackSlug: text("track_slug").notNull(),
    lessonSlug: text("lesson_slug").notNull(),
    completedAt: int8("completed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.trackSlug, t.lessonSlug] }), index("lesson_completions_user_time_idx").on(t.userId, t.completedAt)],
);

export const trackCompletions = pgTable(
  "track_completions",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    trackSlug: text("track_slug").notNull(),
    completedAt: int8("completed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.trackSlug] })],
);

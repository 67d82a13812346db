// Lesson progress (seed 003 §5 user_lesson_completions / user_track_completions, adapted). The
// tracks and lessons themselves are Markdown shipped inside the binary (src/learn/lessons), not
// rows: one source of truth that an upgrade replaces whole, so a completion names its lesson by
// (track slug, lesson slug) instead of by a row id. Each pair is unique per user, which is what
// makes a completion — and the XP it pays — happen once however many requests race.
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./core.ts";

export const lessonCompletions = sqliteTable(
  "lesson_completions",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    trackSlug: text("track_slug").notNull(),
    lessonSlug: text("lesson_slug").notNull(),
    completedAt: integer("completed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.trackSlug, t.lessonSlug] }), index("lesson_completions_user_time_idx").on(t.userId, t.completedAt)],
);

export const trackCompletions = sqliteTable(
  "track_completions",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    trackSlug: text("track_slug").notNull(),
    completedAt: integer("completed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.trackSlug] })],
);

// PostgreSQL mirror of ../schema/mining.ts (see that file for what each table and column means).
// Difficulties are double precision; unix ms, sats and counters that only grow are bigint.
import { boolean, doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { int8, nowMs, users } from "./core.ts";

export const workers = pgTable(
  "workers",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    userAgent: text("user_agent"),
    ip: text("ip"),
    isOnline: boolean("is_online").notNull().default(false),
    currentDiff: doublePrecision("current_diff"),
    bestDiff: doublePrecision("best_diff").notNull().default(0),
    bestDiffAt: int8("best_diff_at"),
    sharesAccepted: int8("shares_accepted").notNull().default(0),
    sharesRejected: int8("shares_rejected").notNull().default(0),
    lastShareAt: int8("last_share_at"),
    connectedAt: int8("connected_at"),
    disconnectedAt: int8("disconnected_at"),
    createdAt: int8("created_at").notNull().default(nowMs),
  },
  (t) => [uniqueIndex("workers_user_name_uq").on(t.userId, t.name), index("workers_online_idx").on(t.isOnline)],
);

export const blocks = pgTable(
  "blocks",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    height: integer("height").notNull(),
    hash: text("hash").notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    workerName: text("worker_name"),
    address: text("address").notNull(),
    rewardSats: int8("reward_sats").notNull(),
    networkDifficulty: doublePrecision("network_difficulty").notNull(),
    shareDifficulty: doublePrecision("share_difficulty").notNull(),
    status: text("status").notNull(),
    submitResult: text("submit_result"),
    confirmations: integer("confirmations").notNull().default(0),
    foundAt: int8("found_at").notNull(),
  },
  (t) => [uniqueIndex("blocks_hash_uq").on(t.hash), index("blocks_found_idx").on(t.foundAt), index("blocks_user_idx").on(t.userId)],
);

export const shareMinutes = pgTable(
  "share_minutes",
  {
    workerId: integer("worker_id").notNull().references(() => workers.id, { onDelete: "cascade" }),
    minute: integer("minute").notNull(),
    accepted: integer("accepted").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    sumDiff: doublePrecision("sum_diff").notNull().default(0),
    bestDiff: doublePrecision("best_diff").notNull().default(0),
    rejectedStale: integer("rejected_stale").notNull().default(0),
    rejectedDuplicate: integer("rejected_duplicate").notNull().default(0),
    rejectedLowDiff: integer("rejected_low_diff").notNull().default(0),
    rejectedOther: integer("rejected_other").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workerId, t.minute] }), index("share_minutes_minute_idx").on(t.minute)],
);

export const networkBlocks = pgTable("network_blocks", {
  height: integer("height").primaryKey(),
  hash: text("hash").notNull(),
  difficulty: doublePrecision("difficulty").notNull(),
  seenAt: int8("seen_at").notNull(),
});

/**
 * Raw shares. The id is a bigint identity (billions of shares pass through even if only a day
 * is kept) and grows with time, as SQLite's rowid does, so retention deletes an id prefix.
 */
export const shares = pgTable(
  "shares",
  {
    id: int8("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    workerId: integer("worker_id").notNull().references(() => workers.id, { onDelete: "cascade" }),
    at: int8("at").notNull(),
    difficulty: doublePrecision("difficulty").notNull(),
    shareDifficulty: doublePrecision("share_difficulty").notNull(),
    rejectCode: integer("reject_code"),
    isBlock: boolean("is_block").notNull().default(false),
  },
  (t) => [index("shares_user_idx").on(t.userId, t.id)],
);

export const shareHours = pgTable(
  "share_hours",
  {
    workerId: integer("worker_id").notNull().references(() => workers.id, { onDelete: "cascade" }),
    hour: integer("hour").notNull(),
    accepted: int8("accepted").notNull().default(0),
    rejected: int8("rejected").notNull().default(0),
    sumDiff: doublePrecision("sum_diff").notNull().default(0),
    bestDiff: doublePrecision("best_diff").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workerId, t.hour] })],
);

export const poolMinutes = pgTable("pool_minutes", {
  minute: integer("minute").primaryKey(),
  accepted: int8("accepted").notNull().default(0),
  rejected: int8("rejected").notNull().default(0),
  sumDiff: doublePrecision("sum_diff").notNull().default(0),
  bestDiff: doublePrecision("best_diff").notNull().default(0),
});

export const poolHours = pgTable("pool_hours", {
  hour: integer("hour").primaryKey(),
  accepted: int8("accepted").notNull().default(0),
  rejected: int8("rejected").notNull().default(0),
  sumDiff: doublePrecision("sum_diff").notNull().default(0),
  bestDiff: doublePrecision("best_diff").notNull().default(0),
});

export const userDailyStats = pgTable(
  "user_daily_stats",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    totalShares: int8("total_shares").notNull().default(0),
    acceptedShares: int8("accepted_shares").notNull().default(0),
    rejectedShares: int8("rejected_shares").notNull().default(0),
    bestDiff: doublePrecision("best_diff").notNull().default(0),
    sumDiff: doublePrecision("sum_diff").notNull().default(0),
    workersActive: integer("workers_active").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

export const personalBests = pgTable(
  "personal_bests",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    period: text("period").notNull(),
    periodStart: int8("period_start").notNull(),
    bestDifficulty: doublePrecision("best_difficulty").notNull(),
    achievedAt: int8("achieved_at").notNull(),
    workerName: text("worker_name"),
  },
  (t) => [primaryKey({ columns: [t.userId, t.period] })],
);

export const weeklyBestDiff = pgTable(
  "weekly_best_diff",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    weekStart: int8("week_start").notNull(),
    bestDifficulty: doublePrecision("best_difficulty").notNull().default(0),
    bestAt: int8("best_at"),
    workerName: text("worker_name"),
    totalShares: int8("total_shares").notNull().default(0),
    sumDiff: doublePrecision("sum_diff").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.weekStart] }), index("weekly_best_week_idx").on(t.weekStart, t.bestDifficulty)],
);

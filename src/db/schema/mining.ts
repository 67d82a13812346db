// Pool tables: workers, found blocks, per-minute share aggregates and the network's history
// (seed 003 §5 workers/blocks/hashrate/network_difficulty, adapted to SQLite; times in unix ms).
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./core.ts";

const now = sql`(unixepoch('subsec') * 1000)`;

export const workers = sqliteTable(
  "workers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** The part after the dot in `address.worker`; "" when the miner sent none. */
    name: text("name").notNull(),
    userAgent: text("user_agent"),
    ip: text("ip"),
    isOnline: integer("is_online", { mode: "boolean" }).notNull().default(false),
    currentDiff: real("current_diff"),
    bestDiff: real("best_diff").notNull().default(0),
    bestDiffAt: integer("best_diff_at"),
    sharesAccepted: integer("shares_accepted").notNull().default(0),
    sharesRejected: integer("shares_rejected").notNull().default(0),
    lastShareAt: integer("last_share_at"),
    connectedAt: integer("connected_at"),
    disconnectedAt: integer("disconnected_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("workers_user_name_uq").on(t.userId, t.name), index("workers_online_idx").on(t.isOnline)],
);

export const blocks = sqliteTable(
  "blocks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    height: integer("height").notNull(),
    hash: text("hash").notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    workerName: text("worker_name"),
    address: text("address").notNull(),
    /** Coinbase value paid to the finder, in sats. */
    rewardSats: integer("reward_sats").notNull(),
    networkDifficulty: real("network_difficulty").notNull(),
    shareDifficulty: real("share_difficulty").notNull(),
    /** submitted | accepted | rejected | confirmed | orphaned */
    status: text("status").notNull(),
    /** The node's submitblock answer (null = accepted). */
    submitResult: text("submit_result"),
    confirmations: integer("confirmations").notNull().default(0),
    foundAt: integer("found_at").notNull(),
  },
  (t) => [uniqueIndex("blocks_hash_uq").on(t.hash), index("blocks_found_idx").on(t.foundAt), index("blocks_user_idx").on(t.userId)],
);

/** One row per worker per minute: the rollup kept after raw shares expire. */
export const shareMinutes = sqliteTable(
  "share_minutes",
  {
    workerId: integer("worker_id").notNull().references(() => workers.id, { onDelete: "cascade" }),
    /** Unix minute (ms / 60000). */
    minute: integer("minute").notNull(),
    accepted: integer("accepted").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    /** Sum of the target difficulty of accepted shares: hashes = sumDiff · 2^32. */
    sumDiff: real("sum_diff").notNull().default(0),
    bestDiff: real("best_diff").notNull().default(0),
    /** Rejects by stratum code: 21 stale, 22 duplicate, 23 low difficulty; the rest is "other". */
    rejectedStale: integer("rejected_stale").notNull().default(0),
    rejectedDuplicate: integer("rejected_duplicate").notNull().default(0),
    rejectedLowDiff: integer("rejected_low_diff").notNull().default(0),
    rejectedOther: integer("rejected_other").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workerId, t.minute] }), index("share_minutes_minute_idx").on(t.minute)],
);

/** Chain tips as the pool saw them: network difficulty and height history. */
export const networkBlocks = sqliteTable("network_blocks", {
  height: integer("height").primaryKey(),
  hash: text("hash").notNull(),
  difficulty: real("difficulty").notNull(),
  seenAt: integer("seen_at").notNull(),
});

/**
 * Raw shares, kept only for TBG_SHARE_RETENTION (default 24 h); the minute/hour rollups outlive
 * them. The rowid grows with time, so retention deletes a prefix of the table without an index
 * on `at`.
 */
export const shares = sqliteTable(
  "shares",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    workerId: integer("worker_id").notNull().references(() => workers.id, { onDelete: "cascade" }),
    at: integer("at").notNull(),
    /** Difficulty the share was judged against (credited work when accepted). */
    difficulty: real("difficulty").notNull(),
    /** Difficulty the hash achieved; 0 when rejected before hashing. */
    shareDifficulty: real("share_difficulty").notNull(),
    /** Stratum error code (20-25) when rejected, null when accepted. */
    rejectCode: integer("reject_code"),
    isBlock: integer("is_block", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("shares_user_idx").on(t.userId, t.id)],
);

/** Hourly rollup per worker, kept for good: charts past the minute window read these. */
export const shareHours = sqliteTable(
  "share_hours",
  {
    workerId: integer("worker_id").notNull().references(() => workers.id, { onDelete: "cascade" }),
    /** Unix hour (ms / 3600000). */
    hour: integer("hour").notNull(),
    accepted: integer("accepted").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    sumDiff: real("sum_diff").notNull().default(0),
    bestDiff: real("best_diff").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workerId, t.hour] })],
);

/** Whole-pool rollups, so pool charts never sum a thousand workers per request. */
export const poolMinutes = sqliteTable("pool_minutes", {
  minute: integer("minute").primaryKey(),
  accepted: integer("accepted").notNull().default(0),
  rejected: integer("rejected").notNull().default(0),
  sumDiff: real("sum_diff").notNull().default(0),
  bestDiff: real("best_diff").notNull().default(0),
});

export const poolHours = sqliteTable("pool_hours", {
  hour: integer("hour").primaryKey(),
  accepted: integer("accepted").notNull().default(0),
  rejected: integer("rejected").notNull().default(0),
  sumDiff: real("sum_diff").notNull().default(0),
  bestDiff: real("best_diff").notNull().default(0),
});

/** Seed 003 `user_daily_stats`; `day` is the UTC date `YYYY-MM-DD`. */
export const userDailyStats = sqliteTable(
  "user_daily_stats",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    totalShares: integer("total_shares").notNull().default(0),
    acceptedShares: integer("accepted_shares").notNull().default(0),
    rejectedShares: integer("rejected_shares").notNull().default(0),
    bestDiff: real("best_diff").notNull().default(0),
    /** Sum of accepted difficulty: average hashrate = sumDiff · 2^32 / seconds of the day. */
    sumDiff: real("sum_diff").notNull().default(0),
    workersActive: integer("workers_active").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

/**
 * Seed 003 `personal_bests`: one row per user and period — week, month, alltime, and block
 * (best share since the pool's last found block). `period_start` says which week/month/block era
 * the row belongs to; a share in a newer period replaces it.
 */
export const personalBests = sqliteTable(
  "personal_bests",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    period: text("period").notNull(),
    periodStart: integer("period_start").notNull(),
    bestDifficulty: real("best_difficulty").notNull(),
    achievedAt: integer("achieved_at").notNull(),
    workerName: text("worker_name"),
  },
  (t) => [primaryKey({ columns: [t.userId, t.period] })],
);

/** Seed 003 `weekly_best_diff`: read by leaderboards and the weekly lottery (weeks start Monday 00:00 UTC). */
export const weeklyBestDiff = sqliteTable(
  "weekly_best_diff",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    weekStart: integer("week_start").notNull(),
    bestDifficulty: real("best_difficulty").notNull().default(0),
    bestAt: integer("best_at"),
    workerName: text("worker_name"),
    /** Accepted shares this week (the lottery's tickets). */
    totalShares: integer("total_shares").notNull().default(0),
    sumDiff: real("sum_diff").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.weekStart] }), index("weekly_best_week_idx").on(t.weekStart, t.bestDifficulty)],
);

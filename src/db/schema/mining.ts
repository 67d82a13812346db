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

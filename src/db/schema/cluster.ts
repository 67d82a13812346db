// Several instances on one PostgreSQL database (the README's "Several instances"): each `tbg`
// process keeps one row here, rewritten every few seconds with its live numbers, and pool-wide
// numbers are the sum over rows with a recent heartbeat. SQLite has the same table (one process,
// one row) so both engines hold the same schema.
import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const instances = sqliteTable(
  "instances",
  {
    /** Random per process start. */
    id: text("id").primaryKey(),
    startedAt: integer("started_at").notNull(),
    heartbeatAt: integer("heartbeat_at").notNull(),
    version: text("version").notNull(),
    /** stratum+tcp://host:port as miners should use it. */
    stratumUrl: text("stratum_url"),
    stratumPort: integer("stratum_port"),
    httpUrl: text("http_url"),
    /** Holds the scheduled-jobs lock at the last heartbeat. */
    isLeader: integer("is_leader", { mode: "boolean" }).notNull().default(false),
    /** Open stratum sessions, workers and distinct miner addresses online on this instance. */
    sessions: integer("sessions").notNull().default(0),
    workers: integer("workers").notNull().default(0),
    miners: integer("miners").notNull().default(0),
    /** Hashes per second of the accepted shares on this instance. */
    hashrate1m: real("hashrate_1m").notNull().default(0),
    hashrate5m: real("hashrate_5m").notNull().default(0),
    hashrate1h: real("hashrate_1h").notNull().default(0),
    hashrate1d: real("hashrate_1d").notNull().default(0),
    hashrate7d: real("hashrate_7d").notNull().default(0),
    /** Blocks found through this instance since it started. */
    blocksFound: integer("blocks_found").notNull().default(0),
  },
  (t) => [index("instances_heartbeat_idx").on(t.heartbeatAt)],
);

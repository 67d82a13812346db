// PostgreSQL mirror of ../schema/cluster.ts (see there for what each column means).
import { boolean, doublePrecision, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { int8 } from "./core.ts";

export const instances = pgTable(
  "instances",
  {
    id: text("id").primaryKey(),
    startedAt: int8("started_at").notNull(),
    heartbeatAt: int8("heartbeat_at").notNull(),
    version: text("version").notNull(),
    stratumUrl: text("stratum_url"),
    stratumPort: integer("stratum_port"),
    httpUrl: text("http_url"),
    isLeader: boolean("is_leader").notNull().default(false),
    sessions: integer("sessions").notNull().default(0),
    workers: integer("workers").notNull().default(0),
    miners: integer("miners").notNull().default(0),
    hashrate1m: doublePrecision("hashrate_1m").notNull().default(0),
    hashrate5m: doublePrecision("hashrate_5m").notNull().default(0),
    hashrate1h: doublePrecision("hashrate_1h").notNull().default(0),
    hashrate1d: doublePrecision("hashrate_1d").notNull().default(0),
    hashrate7d: doublePrecision("hashrate_7d").notNull().default(0),
    blocksFound: integer("blocks_found").notNull().default(0),
  },
  (t) => [index("instances_heartbeat_idx").on(t.heartbeatAt)],
);

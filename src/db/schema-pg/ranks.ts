// PostgreSQL mirror of ../schema/ranks.ts (see there for what each column means).
import { doublePrecision, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { int8, users } from "./core.ts";

export const leaderboardSnapshots = pgTable(
  "leaderboard_snapshots",
  {
    id: int8("id").primaryKey().generatedByDefaultAsIdentity(),
    period: text("period").notNull(),
    rank: integer("rank").notNull(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    publicName: text("public_name").notNull(),
    countryCode: text("country_code"),
    score: doublePrecision("score").notNull(),
    totalShares: int8("total_shares").notNull().default(0),
    snapshotAt: int8("snapshot_at").notNull(),
  },
  (t) => [index("lb_snapshot_period_idx").on(t.period, t.snapshotAt)],
);

export const countryRankings = pgTable(
  "country_rankings",
  {
    id: int8("id").primaryKey().generatedByDefaultAsIdentity(),
    period: text("period").notNull(),
    countryCode: text("country_code").notNull(),
    rank: integer("rank").notNull(),
    totalMiners: integer("total_miners").notNull().default(0),
    totalShares: int8("total_shares").notNull().default(0),
    bestDiff: doublePrecision("best_diff").notNull().default(0),
    snapshotAt: int8("snapshot_at").notNull(),
  },
  (t) => [index("country_rankings_period_idx").on(t.period, t.snapshotAt)],
);

export const lotteryDraws = pgTable("lottery_draws", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  weekStart: int8("week_start").notNull().unique(),
  status: text("status").notNull(),
  totalTickets: int8("total_tickets").notNull(),
  totalParticipants: integer("total_participants").notNull(),
  ticketFile: text("ticket_file").notNull(),
  entryUsers: text("entry_users").notNull(),
  commitment: text("commitment").notNull(),
  targetHeight: integer("target_height").notNull(),
  blockHash: text("block_hash"),
  seed: text("seed"),
  committedAt: int8("committed_at").notNull(),
  drawnAt: int8("drawn_at"),
});

export const lotteryResults = pgTable(
  "lottery_results",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    drawId: integer("draw_id").notNull().references(() => lotteryDraws.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    ticketNumber: int8("ticket_number").notNull(),
    xpPrize: integer("xp_prize").notNull(),
  },
  (t) => [uniqueIndex("lottery_results_draw_position_uq").on(t.drawId, t.position), index("lottery_results_user_idx").on(t.userId)],
);

export const gameSessions = pgTable(
  "game_sessions",
  {
    id: int8("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    gameType: text("game_type").notNull(),
    startedAt: int8("started_at").notNull(),
    endedAt: int8("ended_at"),
    score: doublePrecision("score"),
    metadata: text("metadata").notNull(),
  },
  (t) => [index("game_sessions_user_idx").on(t.userId, t.id)],
);

export const competitionState = pgTable("competition_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

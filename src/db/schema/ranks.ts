// Competition tables (seed 003 §5 "Competition" and "Games", adapted; times in unix ms):
// leaderboard snapshots (the top of each board every refresh, kept 30 days), country rankings,
// the provably fair weekly lottery (draws, winners) and mini-game plays. `competition_state`
// holds this domain's own values (the alias salt) so it never borrows another domain's table.
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./core.ts";

export const leaderboardSnapshots = sqliteTable(
  "leaderboard_snapshots",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** weekly | monthly | alltime */
    period: text("period").notNull(),
    rank: integer("rank").notNull(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** The name shown on the board (display name, shortened address or alias): never a full address. */
    publicName: text("public_name").notNull(),
    countryCode: text("country_code"),
    /** Best difficulty for weekly/monthly, total shares for alltime. */
    score: real("score").notNull(),
    totalShares: integer("total_shares").notNull().default(0),
    snapshotAt: integer("snapshot_at").notNull(),
  },
  (t) => [index("lb_snapshot_period_idx").on(t.period, t.snapshotAt)],
);

export const countryRankings = sqliteTable(
  "country_rankings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    period: text("period").notNull(),
    countryCode: text("country_code").notNull(),
    rank: integer("rank").notNull(),
    totalMiners: integer("total_miners").notNull().default(0),
    totalShares: integer("total_shares").notNull().default(0),
    bestDiff: real("best_diff").notNull().default(0),
    snapshotAt: integer("snapshot_at").notNull(),
  },
  (t) => [index("country_rankings_period_idx").on(t.period, t.snapshotAt)],
);

/**
 * One row per lottery week, created when the week closes: the frozen ticket file and its SHA-256
 * are stored before the block that seeds the draw exists. `week_start` is unique: a week is drawn
 * at most once.
 */
export const lotteryDraws = sqliteTable("lottery_draws", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  weekStart: integer("week_start").notNull().unique(),
  /** committed (waiting for the block) | drawn */
  status: text("status").notNull(),
  totalTickets: integer("total_tickets").notNull(),
  totalParticipants: integer("total_participants").notNull(),
  /** The public ticket file, byte for byte what is hashed and downloaded. */
  ticketFile: text("ticket_file").notNull(),
  /** User ids in the file's entry order (private: the file shows names only). */
  entryUsers: text("entry_users").notNull(),
  commitment: text("commitment").notNull(),
  targetHeight: integer("target_height").notNull(),
  blockHash: text("block_hash"),
  seed: text("seed"),
  committedAt: integer("committed_at").notNull(),
  drawnAt: integer("drawn_at"),
});

export const lotteryResults = sqliteTable(
  "lottery_results",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    drawId: integer("draw_id").notNull().references(() => lotteryDraws.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    ticketNumber: integer("ticket_number").notNull(),
    xpPrize: integer("xp_prize").notNull(),
  },
  (t) => [uniqueIndex("lottery_results_draw_position_uq").on(t.drawId, t.position), index("lottery_results_user_idx").on(t.userId)],
);

export const gameSessions = sqliteTable(
  "game_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** hammer | horse_race | slots | scratch */
    gameType: text("game_type").notNull(),
    startedAt: integer("started_at").notNull(),
    endedAt: integer("ended_at"),
    score: real("score"),
    /** JSON: what the play revealed (the server's data behind the outcome). */
    metadata: text("metadata").notNull(),
  },
  (t) => [index("game_sessions_user_idx").on(t.userId, t.id)],
);

export const competitionState = sqliteTable("competition_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

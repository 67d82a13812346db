// The World Cup (seed 003 §5 competitions, competition_teams, competition_registrations,
// matches, adapted): a competition and its recorded transitions, who registered for which
// country, the teams the draw made, and the matches as last computed from the mining data
// (re-computable: a match's score is its team's difficulty-weighted shares in its window).
// Teams are named by country code; times in unix ms.
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./core.ts";

export const competitions = sqliteTable("competitions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  /** upcoming, registration, active, completed (src/compete/worldcup/states.ts). */
  status: text("status").notNull(),
  minMiners: integer("min_miners").notNull(),
  registrationAt: integer("registration_at").notNull(),
  startsAt: integer("starts_at").notNull(),
  /** Length of each round's window, in whole hours. */
  roundHours: integer("round_hours").notNull(),
  champion: text("champion"),
  createdAt: integer("created_at").notNull(),
});

export const competitionTransitions = sqliteTable(
  "competition_transitions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    competitionId: integer("competition_id").notNull().references(() => competitions.id, { onDelete: "cascade" }),
    fromStatus: text("from_status").notNull(),
    toStatus: text("to_status").notNull(),
    at: integer("at").notNull(),
    /** The admin who moved it; null when the schedule did. */
    byUserId: integer("by_user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("competition_transitions_comp_idx").on(t.competitionId, t.id)],
);

export const competitionRegistrations = sqliteTable(
  "competition_registrations",
  {
    competitionId: integer("competition_id").notNull().references(() => competitions.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    countryCode: text("country_code").notNull(),
    registeredAt: integer("registered_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.userId] }), index("competition_registrations_country_idx").on(t.competitionId, t.countryCode)],
);

export const competitionTeams = sqliteTable(
  "competition_teams",
  {
    competitionId: integer("competition_id").notNull().references(() => competitions.id, { onDelete: "cascade" }),
    countryCode: text("country_code").notNull(),
    /** 1 = the most recent hashrate at the draw. */
    seed: integer("seed").notNull(),
    miners: integer("miners").notNull(),
    /** Difficulty-weighted shares of its miners in the week before the draw. */
    recentDiff: real("recent_diff").notNull(),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.countryCode] })],
);

export const competitionMatches = sqliteTable(
  "competition_matches",
  {
    competitionId: integer("competition_id").notNull().references(() => competitions.id, { onDelete: "cascade" }),
    /** Stable within a competition: group letter + teams, or the knockout index. */
    matchKey: text("match_key").notNull(),
    round: text("round").notNull(),
    teamA: text("team_a"),
    teamB: text("team_b"),
    scoreA: real("score_a").notNull().default(0),
    scoreB: real("score_b").notNull().default(0),
    winner: text("winner"),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    /** scheduled, live, completed. */
    status: text("status").notNull(),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.matchKey] })],
);

// Leagues (seed 003 §5 leagues, league_clubs, adapted): one row per tier per season, and one
// club per player per season. The standings (points, shares, best difficulty, position) are what
// src/compete/leagues/ last computed from the mining data; `movement` is recorded when the season
// closes (closed_at set once, by the season-end job).
export const leagues = sqliteTable(
  "leagues",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    /** 1 = top. */
    tier: integer("tier").notNull(),
    season: integer("season").notNull(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    /** At most this many go up / down (fewer in a small league: src/compete/leagues/rules.ts). */
    promotionZone: integer("promotion_zone").notNull().default(3),
    relegationZone: integer("relegation_zone").notNull().default(3),
    closedAt: integer("closed_at"),
  },
  (t) => [uniqueIndex("leagues_tier_season_uq").on(t.tier, t.season), index("leagues_season_idx").on(t.season)],
);

export const leagueClubs = sqliteTable(
  "league_clubs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    leagueId: integer("league_id").notNull().references(() => leagues.id, { onDelete: "cascade" }),
    season: integer("season").notNull(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    position: integer("position"),
    points: integer("points").notNull().default(0),
    /** Accepted shares this season. */
    totalShares: integer("total_shares").notNull().default(0),
    /** Their difficulties summed (what rounds are ranked by). */
    sumDiff: real("sum_diff").notNull().default(0),
    bestDiff: real("best_diff").notNull().default(0),
    /** Weekly rounds with at least one accepted share. */
    matchesPlayed: integer("matches_played").notNull().default(0),
    /** Difficulty-weighted shares in the week before placement (the hashrate it was placed by). */
    placementDiff: real("placement_diff").notNull().default(0),
    placedAt: integer("placed_at").notNull(),
    /** promoted, relegated, stayed; null while the season runs. */
    movement: text("movement"),
  },
  (t) => [uniqueIndex("league_clubs_league_user_uq").on(t.leagueId, t.userId), uniqueIndex("league_clubs_season_user_uq").on(t.season, t.userId)],
);

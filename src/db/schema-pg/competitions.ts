// PostgreSQL mirror of ../schema/competitions.ts (see there for what each column means).
import { doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { int8, users } from "./core.ts";

export const competitions = pgTable("competitions", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  name: text("name").notNull(),
  status: text("status").notNull(),
  minMiners: integer("min_miners").notNull(),
  registrationAt: int8("registration_at").notNull(),
  startsAt: int8("starts_at").notNull(),
  roundHours: integer("round_hours").notNull(),
  champion: text("champion"),
  createdAt: int8("created_at").notNull(),
});

export const competitionTransitions = pgTable(
  "competition_transitions",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    competitionId: integer("competition_id").notNull().references(() => competitions.id, { onDelete: "cascade" }),
    fromStatus: text("from_status").notNull(),
    toStatus: text("to_status").notNull(),
    at: int8("at").notNull(),
    byUserId: integer("by_user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("competition_transitions_comp_idx").on(t.competitionId, t.id)],
);

export const competitionRegistrations = pgTable(
  "competition_registrations",
  {
    competitionId: integer("competition_id").notNull().references(() => competitions.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    countryCode: text("country_code").notNull(),
    registeredAt: int8("registered_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.userId] }), index("competition_registrations_country_idx").on(t.competitionId, t.countryCode)],
);

export const competitionTeams = pgTable(
  "competition_teams",
  {
    competitionId: integer("competition_id").notNull().references(() => competitions.id, { onDelete: "cascade" }),
    countryCode: text("country_code").notNull(),
    seed: integer("seed").notNull(),
    miners: integer("miners").notNull(),
    recentDiff: doublePrecision("recent_diff").notNull(),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.countryCode] })],
);

export const competitionMatches = pgTable(
  "competition_matches",
  {
    competitionId: integer("competition_id").notNull().references(() => competitions.id, { onDelete: "cascade" }),
    matchKey: text("match_key").notNull(),
    round: text("round").notNull(),
    teamA: text("team_a"),
    teamB: text("team_b"),
    scoreA: doublePrecision("score_a").notNull().default(0),
    scoreB: doublePrecision("score_b").notNull().default(0),
    winner: text("winner"),
    startsAt: int8("starts_at").notNull(),
    endsAt: int8("ends_at").notNull(),
    status: text("status").notNull(),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.matchKey] })],
);

export const leagues = pgTable(
  "leagues",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    name: text("name").notNull(),
    tier: integer("tier").notNull(),
    season: integer("season").notNull(),
    startsAt: int8("starts_at").notNull(),
    endsAt: int8("ends_at").notNull(),
    promotionZone: integer("promotion_zone").notNull().default(3),
    relegationZone: integer("relegation_zone").notNull().default(3),
    closedAt: int8("closed_at"),
  },
  (t) => [uniqueIndex("leagues_tier_season_uq").on(t.tier, t.season), index("leagues_season_idx").on(t.season)],
);

export const leagueClubs = pgTable(
  "league_clubs",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    leagueId: integer("league_id").notNull().references(() => leagues.id, { onDelete: "cascade" }),
    season: integer("season").notNull(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    position: integer("position"),
    points: integer("points").notNull().default(0),
    totalShares: int8("total_shares").notNull().default(0),
    sumDiff: doublePrecision("sum_diff").notNull().default(0),
    bestDiff: doublePrecision("best_diff").notNull().default(0),
    matchesPlayed: integer("matches_played").notNull().default(0),
    placementDiff: doublePrecision("placement_diff").notNull().default(0),
    placedAt: int8("placed_at").notNull(),
    movement: text("movement"),
  },
  (t) => [uniqueIndex("league_clubs_league_user_uq").on(t.leagueId, t.userId), uniqueIndex("league_clubs_season_user_uq").on(t.season, t.userId)],
);

// The World Cup (seed 003 §5 competitions, competition_teams, competition_registrations,
// matches, adapted): a competition and its recorded transitions, who registered for which
// country, the teams the draw made, and the matches as last computed from the mining data
// (re-computable: a match's score is its team's difficulty-weighted shares in its window).
// Teams are named by country code; times in unix ms.
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
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

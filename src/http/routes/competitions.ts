// /api/v1/competitions/*: the World Cup. Reading is open; registering takes a signed-in caller;
// creating a competition and moving it by hand take an admin (recorded with who made them, and audited).
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { AppError } from "../../core/errors.ts";
import type { CompetitionMatchRow, CompetitionRow } from "../../db/repos.ts";
import type { WorldCup, WorldCupView } from "../../compete/worldcup/service.ts";
import { STATES } from "../../compete/worldcup/states.ts";
import { caller } from "../plugins/caller.ts";

const iso = (ms: number) => new Date(ms).toISOString();
const idParam = t.Object({ id: t.Integer({ minimum: 1 }) });

const CompetitionJson = t.Object({
  id: t.Integer(), name: t.String(), type: t.Literal("world_cup"), status: t.String(), min_miners: t.Integer(),
  registration_at: t.String(), starts_at: t.String(), round_hours: t.Integer(), champion: t.Nullable(t.String()),
});
const MatchJson = t.Object({
  key: t.String(), round: t.String(), team_a: t.Nullable(t.String()), team_b: t.Nullable(t.String()),
  score_a: t.Number({ description: "Difficulty-weighted shares of team A's miners in the match window" }), score_b: t.Number(),
  winner: t.Nullable(t.String()), starts_at: t.String(), ends_at: t.String(), status: t.String(),
});
const TableRowJson = t.Object({ country_code: t.String(), played: t.Integer(), won: t.Integer(), drawn: t.Integer(), lost: t.Integer(), points: t.Integer(), share_diff_for: t.Number(), share_diff_against: t.Number() });

export const competitionJson = (c: CompetitionRow) => ({
  id: c.id, name: c.name, type: "world_cup" as const, status: c.status, min_miners: c.minMiners, registration_at: iso(c.registrationAt), starts_at: iso(c.startsAt), round_hours: c.roundHours, champion: c.champion,
});
const matchJson = (m: CompetitionMatchRow) => ({
  key: m.matchKey, round: m.round, team_a: m.teamA, team_b: m.teamB, score_a: m.scoreA, score_b: m.scoreB, winner: m.winner, starts_at: iso(m.startsAt), ends_at: iso(m.endsAt), status: m.status,
});
const viewJson = (v: WorldCupView) => ({
  ...competitionJson(v.competition),
  my_country: v.myCountry,
  registrations: v.registrations,
  teams: v.teams.map((x) => ({ country_code: x.countryCode, seed: x.seed, miners: x.miners, recent_diff: x.recentDiff })),
  groups: Object.fromEntries(Object.entries(v.tables).map(([g, rows]) => [g, rows.map((r) => ({ country_code: r.countryCode, played: r.played, won: r.won, drawn: r.drawn, lost: r.lost, points: r.points, share_diff_for: r.diffFor, share_diff_against: r.diffAgainst }))])),
  matches: v.matches.map(matchJson),
});
const ViewJson = t.Composite([
  CompetitionJson,
  t.Object({
    my_country: t.Nullable(t.String()),
    registrations: t.Record(t.String(), t.Integer()),
    teams: t.Array(t.Object({ country_code: t.String(), seed: t.Integer(), miners: t.Integer(), recent_diff: t.Number() })),
    groups: t.Record(t.String(), t.Array(TableRowJson)),
    matches: t.Array(MatchJson),
  }),
]);

export function competitionRoutes(wc: WorldCup, guards: Guards) {
  return new Elysia({ name: "competitions", prefix: "/api/v1/competitions", detail: { tags: ["Competitions"] } })
    .use(caller(guards))
    .get("/", async ({ query }) => ({ competitions: (await wc.list(query.limit ?? 20)).map(competitionJson) }), {
      query: t.Object({ limit: t.Optional(t.Integer({ minimum: 1, maximum: 100 })) }),
      response: t.Object({ competitions: t.Array(CompetitionJson) }),
      detail: { summary: "World Cups, newest first" },
    })
    .get("/:id", async ({ me, params }) => viewJson(await wc.view(params.id, me?.user.id ?? null)), {
      optionalUser: true, params: idParam, response: ViewJson,
      detail: { summary: "One World Cup: teams, group tables, matches (live scores while active) and the caller's team" },
    })
    .get("/:id/groups", async ({ params }) => ({ groups: viewJson(await wc.view(params.id, null)).groups }), {
      params: idParam, response: t.Object({ groups: t.Record(t.String(), t.Array(TableRowJson)) }),
      detail: { summary: "Group tables: 3 points a win, 1 a draw; then share difference, shares, seed" },
    })
    .get("/:id/matches", async ({ params }) => ({ matches: (await wc.view(params.id, null)).matches.map(matchJson) }), {
      params: idParam, response: t.Object({ matches: t.Array(MatchJson) }), detail: { summary: "Every match, in time order" },
    })
    .get("/:id/bracket", async ({ params }) => ({ rounds: bracket((await wc.view(params.id, null)).matches) }), {
      params: idParam,
      response: t.Object({ rounds: t.Array(t.Object({ round: t.String(), matches: t.Array(MatchJson) })) }),
      detail: { summary: "The knockout, round by round (a missing team before its feeder is played; a bye goes through at once)" },
    })
    .get(
      "/:id/matches/:key",
      async ({ params }) => {
        const m = (await wc.view(params.id, null)).matches.find((x) => x.matchKey === params.key);
        if (!m) throw new AppError("NOT_FOUND", "No such match", { reason: "MATCH_NOT_FOUND" });
        return matchJson(m);
      },
      { params: t.Object({ id: t.Integer({ minimum: 1 }), key: t.String({ maxLength: 64 }) }), response: MatchJson, detail: { summary: "One match" } },
    )
    .get("/:id/transitions", async ({ params }) => ({ transitions: (await wc.transitions(params.id)).map((x) => ({ from: x.fromStatus, to: x.toStatus, at: iso(x.at), by_user_id: x.byUserId })) }), {
      params: idParam,
      response: t.Object({ transitions: t.Array(t.Object({ from: t.String(), to: t.String(), at: t.String(), by_user_id: t.Nullable(t.Integer({ description: "null: the schedule" })) })) }),
      detail: { summary: "The recorded state changes" },
    })
    .post("/:id/register", async ({ me, params }) => {
      const r = await wc.register(me.user.id, params.id);
      return { country_code: r.countryCode, newly_registered: r.registered };
    }, {
      user: true, params: idParam, response: t.Object({ country_code: t.String(), newly_registered: t.Boolean() }),
      detail: { summary: "Register to mine for your profile's country (during registration)" },
    })
    .post(
      "/",
      async ({ me, client, body, set }) => {
        const c = await wc.create({ name: body.name, registrationAt: Date.parse(body.registration_at), startsAt: Date.parse(body.starts_at), roundHours: body.round_hours, ...(body.min_miners ? { minMiners: body.min_miners } : {}) }, { adminId: me.user.id, client });
        set.status = 201;
        return competitionJson(c);
      },
      {
        admin: true,
        body: t.Object({
          name: t.String({ maxLength: 64 }), registration_at: t.String({ format: "date-time" }), starts_at: t.String({ format: "date-time", description: "On the hour" }),
          round_hours: t.Integer({ minimum: 1, maximum: 168 }), min_miners: t.Optional(t.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: { 201: CompetitionJson },
        detail: { summary: "Schedule a World Cup (admin)" },
      },
    )
    .post("/:id/transition", async ({ me, client, params, body }) => ({ moved: await wc.transition(params.id, body.to, me.user.id, client), competition: competitionJson((await wc.view(params.id, null)).competition) }), {
      admin: true, params: idParam,
      body: t.Object({ to: t.Union(STATES.map((s) => t.Literal(s))) }),
      response: t.Object({ moved: t.Boolean({ description: "False when it already was there" }), competition: CompetitionJson }),
      detail: { summary: "Move a World Cup to its next state by hand (admin; recorded; illegal moves are a 409)" },
    });
}

export function bracket(matches: CompetitionMatchRow[]) {
  const ko = matches.filter((m) => m.matchKey.startsWith("ko:"));
  const rounds: { round: string; matches: ReturnType<typeof matchJson>[] }[] = [];
  for (const m of ko) {
    let r = rounds.find((x) => x.round === m.round);
    if (!r) rounds.push((r = { round: m.round, matches: [] }));
    r.matches.push(matchJson(m));
  }
  return rounds;
}

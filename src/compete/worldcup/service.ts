// The World Cup, stored: competitions move upcoming → registration → active → completed by the
// schedule (a croner job every minute runs `tick`, on the leader only) or by an admin, each move
// a conditional update plus a recorded transition, so a job firing twice or an admin racing it
// moves a competition once. Players register for their profile's country; at kick-off the draw
// keeps the countries with at least `minMiners` registered miners, seeds them by their
// difficulty-weighted shares in the week before, and pays every player on a team
// world_cup_participant + 200 XP. While active, each tick recomputes the tournament from the
// stored mining data (share_hours: exact, kept long after the minute rollups) with tournament.ts
// and stores the matches; when the final is over, the winners' miners get world_cup_winner.
import { scheduleJob, type Job, type LeaderOnly } from "../../jobs/schedule.ts";
import { AppError } from "../../core/errors.ts";
import type { Clock } from "../../core/time.ts";
import type { CompetitionMatchRow, CompetitionRow, CompetitionTeamRow, Repos } from "../../db/repos.ts";
import { createEventBus, type EventBus, type EventSource } from "../../events.ts";
import type { Game } from "../../game/service.ts";
import { grantXpOnce } from "../../game/xp-grant.ts";
import { XP } from "../../game/xp.ts";
import type { Logger } from "../../log.ts";
import { MAX_TEAMS, MIN_TEAMS } from "./bracket.ts";
import { assertTransition, isState, type CompetitionState } from "./states.ts";
import { simulate, type TournamentView } from "./tournament.ts";

const HOUR = 3_600_000;
/** Seeding looks at the week before kick-off. */
export const SEEDING_WINDOW_HOURS = 24 * 7;
export const DEFAULT_MIN_MINERS = 3;

export interface WorldCupEventMap {
  "compete.transition": { competitionId: number; from: CompetitionState; to: CompetitionState; at: number; byUserId: number | null };
  "compete.match_completed": { competitionId: number; round: string; teamA: string | null; teamB: string | null; scoreA: number; scoreB: number; winner: string | null; at: number };
  "compete.champion": { competitionId: number; countryCode: string; at: number };
}

export interface WorldCupDeps {
  repos: Repos;
  game: Pick<Game, "grantBadge">;
  log: Logger;
  now?: Clock;
  leaderOnly?: LeaderOnly;
}

export interface WorldCupView {
  competition: CompetitionRow;
  teams: CompetitionTeamRow[];
  matches: CompetitionMatchRow[];
  tables: Record<string, { countryCode: string; played: number; won: number; drawn: number; lost: number; points: number; diffFor: number; diffAgainst: number }[]>;
  myCountry: string | null;
  registrations: Record<string, number>;
}

/** Where an admin's request came from, for the audit row. */
export interface AdminClient {
  ip?: string;
  userAgent?: string;
}

export interface WorldCup {
  events: EventSource<WorldCupEventMap>;
  /** With `by` (an admin), the creation is audited in the same transaction. */
  create(input: { name: string; registrationAt: number; startsAt: number; roundHours: number; minMiners?: number }, by?: { adminId: number; client: AdminClient }): Promise<CompetitionRow>;
  /** An admin's (byUserId, audited with `client`) or the schedule's (null) move; false when it already was in `to`. */
  transition(id: number, to: string, byUserId: number | null, client?: AdminClient): Promise<boolean>;
  register(userId: number, id: number): Promise<{ countryCode: string; registered: boolean }>;
  tick(): Promise<void>;
  view(id: number, viewerId: number | null): Promise<WorldCupView>;
  list(limit: number): Promise<CompetitionRow[]>;
  /** The admin list: each competition with its registered miners and drawn teams (no tournament computed). */
  listWithCounts(limit: number): Promise<{ competition: CompetitionRow; registrations: number; teams: number }[]>;
  transitions(id: number): ReturnType<Repos["compete"]["listTransitions"]>;
  start(): void;
  stop(): Promise<void>;
}

const notFound = () => new AppError("NOT_FOUND", "No such competition", { reason: "COMPETITION_NOT_FOUND" });

export function createWorldCup(deps: WorldCupDeps): WorldCup {
  const { repos, game } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log.child("worldcup");
  const bus: EventBus<WorldCupEventMap> = createEventBus<WorldCupEventMap>({ onError: (sub, err) => log.warn("world cup event subscriber failed", { sub, err: String(err) }) });
  let job: Job | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  /** One change at a time in this process (ticks and admin moves); the conditional update covers other instances. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch(() => {});
    return p;
  };

  const load = async (id: number) => {
    const c = await repos.compete.findCompetition(id);
    if (!c) throw notFound();
    return c;
  };

  /** The tournament as the stored shares make it at `at`. */
  const compute = async (c: CompetitionRow, teams: CompetitionTeamRow[], at: number): Promise<TournamentView> => {
    const bySeed = new Map(teams.map((t) => [t.seed, t.countryCode]));
    const fromHour = Math.floor(c.startsAt / HOUR);
    const rows = await repos.compete.countryHourDiff(c.id, fromHour, fromHour + 64 * c.roundHours);
    const diff = new Map<string, Map<number, number>>();
    for (const r of rows) {
      let m = diff.get(r.countryCode);
      if (!m) diff.set(r.countryCode, (m = new Map()));
      m.set(r.hour, r.sumDiff);
    }
    const score = (seed: number, from: number, to: number) => {
      const m = diff.get(bySeed.get(seed)!);
      let s = 0;
      if (m) for (let h = Math.floor(from / HOUR); h < Math.ceil(to / HOUR); h++) s += m.get(h) ?? 0;
      return s;
    };
    return simulate(teams.length, { startsAt: c.startsAt, roundMs: c.roundHours * HOUR }, score, at);
  };

  const matchRows = (c: CompetitionRow, teams: CompetitionTeamRow[], v: TournamentView): CompetitionMatchRow[] => {
    const code = (seed: number | null) => (seed === null ? null : (teams.find((t) => t.seed === seed)?.countryCode ?? null));
    return v.matches.map((m) => ({
      competitionId: c.id, matchKey: m.stage === "group" ? `${m.round}:${code(m.a)}-${code(m.b)}` : `ko:${m.key.padStart(2, "0")}`, round: m.round,
      teamA: code(m.a), teamB: code(m.b), scoreA: m.scoreA, scoreB: m.scoreB, winner: code(m.winner), startsAt: m.startsAt, endsAt: m.endsAt, status: m.status,
    }));
  };

  /** The draw at kick-off: teams, seeds, and the participants' badge and XP. */
  const draw = async (c: CompetitionRow, at: number): Promise<CompetitionTeamRow[]> => {
    const regs = await repos.compete.listRegistrations(c.id);
    const miners = new Map<string, number>();
    for (const r of regs) miners.set(r.countryCode, (miners.get(r.countryCode) ?? 0) + 1);
    const eligible = [...miners].filter(([, n]) => n >= c.minMiners).map(([code]) => code);
    if (eligible.length < MIN_TEAMS)
      throw new AppError("CONFLICT", `A World Cup needs at least ${MIN_TEAMS} countries with ${c.minMiners} or more registered miners (${eligible.length} so far)`, { reason: "NOT_ENOUGH_TEAMS" });
    const kick = Math.floor(c.startsAt / HOUR);
    const recent = new Map<string, number>();
    for (const r of await repos.compete.countryHourDiff(c.id, kick - SEEDING_WINDOW_HOURS, kick)) recent.set(r.countryCode, (recent.get(r.countryCode) ?? 0) + r.sumDiff);
    const ranked = eligible
      .map((code) => ({ code, recentDiff: recent.get(code) ?? 0, miners: miners.get(code)! }))
      .sort((a, b) => b.recentDiff - a.recentDiff || b.miners - a.miners || a.code.localeCompare(b.code))
      .slice(0, MAX_TEAMS);
    const teams = ranked.map((r, i) => ({ competitionId: c.id, countryCode: r.code, seed: i + 1, miners: r.miners, recentDiff: r.recentDiff }));
    await repos.compete.insertTeams(teams);
    const inTeam = new Set(teams.map((t) => t.countryCode));
    for (const r of regs) {
      if (!inTeam.has(r.countryCode)) continue;
      await repos.transaction((tx) => grantXpOnce(tx, r.userId, "world_cup", XP.WORLD_CUP_PARTICIPATION, `world_cup:${c.id}`, at));
      await game.grantBadge(r.userId, "world_cup_participant", `world_cup:${c.id}`);
    }
    return teams;
  };

  const move = async (c: CompetitionRow, to: CompetitionState, byUserId: number | null, at: number, client: AdminClient = {}): Promise<boolean> => {
    const from = isState(c.status) ? c.status : "upcoming";
    if (!assertTransition(from, to)) return false;
    let champion: string | null = null;
    if (to === "active") await draw(c, at);
    if (to === "completed") {
      const teams = await repos.compete.listTeams(c.id);
      const v = await compute(c, teams, at);
      if (v.champion === null) throw new AppError("CONFLICT", "The final is not over yet", { reason: "NOT_FINISHED", details: { ends_at: new Date(v.endsAt).toISOString() } });
      await repos.compete.upsertMatches(matchRows(c, teams, v));
      champion = teams.find((t) => t.seed === v.champion)!.countryCode;
    }
    const moved = await repos.transaction(async (tx) => {
      if (!(await tx.compete.moveStatus(c.id, from, to, to === "completed" ? { champion } : {}))) return false;
      await tx.compete.insertTransition({ competitionId: c.id, fromStatus: from, toStatus: to, at, byUserId });
      // An admin's move is in the audit log with the move itself, or neither is.
      if (byUserId !== null)
        await tx.auth.insertAudit({ userId: byUserId, action: "admin_action", ipAddress: client.ip ?? null, userAgent: client.userAgent ?? null, metadata: JSON.stringify({ op: "competition_moved", competition_id: c.id, from, to }), createdAt: at });
      return true;
    });
    if (!moved) return false;
    bus.publish("compete.transition", { competitionId: c.id, from, to, at, byUserId });
    if (champion !== null) {
      for (const r of await repos.compete.listRegistrations(c.id)) if (r.countryCode === champion) await game.grantBadge(r.userId, "world_cup_winner", `world_cup:${c.id}`);
      bus.publish("compete.champion", { competitionId: c.id, countryCode: champion, at });
    }
    return true;
  };

  /** Recomputes and stores an active competition's matches; announces matches that just ended. */
  const refresh = async (c: CompetitionRow, at: number) => {
    const teams = await repos.compete.listTeams(c.id);
    const before = new Map((await repos.compete.listMatches(c.id)).map((m) => [m.matchKey, m.status]));
    const v = await compute(c, teams, at);
    const rows = matchRows(c, teams, v);
    await repos.compete.upsertMatches(rows);
    for (const m of rows)
      if (m.status === "completed" && before.get(m.matchKey) !== "completed" && m.teamA && m.teamB)
        bus.publish("compete.match_completed", { competitionId: c.id, round: m.round, teamA: m.teamA, teamB: m.teamB, scoreA: m.scoreA, scoreB: m.scoreB, winner: m.winner, at });
    return v;
  };

  const wc: WorldCup = {
    events: bus,
    async create(input, by) {
      const name = input.name.trim();
      if (name.length < 3 || name.length > 64) throw new AppError("VALIDATION", "name must be 3 to 64 characters", { reason: "INVALID_NAME" });
      if (input.startsAt % HOUR !== 0) throw new AppError("VALIDATION", "starts_at must be on the hour (scores are read per hour)", { reason: "INVALID_SCHEDULE" });
      if (!(input.registrationAt < input.startsAt)) throw new AppError("VALIDATION", "registration must open before kick-off", { reason: "INVALID_SCHEDULE" });
      if (!Number.isInteger(input.roundHours) || input.roundHours < 1 || input.roundHours > 24 * 7) throw new AppError("VALIDATION", "round_hours must be 1 to 168", { reason: "INVALID_SCHEDULE" });
      const minMiners = input.minMiners ?? DEFAULT_MIN_MINERS;
      if (!Number.isInteger(minMiners) || minMiners < 1 || minMiners > 1000) throw new AppError("VALIDATION", "min_miners must be 1 to 1000", { reason: "INVALID_MIN_MINERS" });
      const at = now();
      const row = { name, status: "upcoming", minMiners, registrationAt: input.registrationAt, startsAt: input.startsAt, roundHours: input.roundHours, champion: null, createdAt: at };
      if (!by) return repos.compete.insertCompetition(row);
      return repos.transaction(async (tx) => {
        const c = await tx.compete.insertCompetition(row);
        await tx.auth.insertAudit({ userId: by.adminId, action: "admin_action", ipAddress: by.client.ip ?? null, userAgent: by.client.userAgent ?? null, metadata: JSON.stringify({ op: "competition_created", competition_id: c.id, name: c.name }), createdAt: at });
        return c;
      });
    },
    transition: (id, to, byUserId, client) =>
      serial(async () => {
        if (!isState(to)) throw new AppError("VALIDATION", `Unknown state "${to}"`, { reason: "INVALID_STATE" });
        return move(await load(id), to, byUserId, now(), client);
      }),
    async register(userId, id) {
      const c = await load(id);
      if (c.status !== "registration") throw new AppError("CONFLICT", c.status === "upcoming" ? "Registration has not opened yet" : "Registration is closed", { reason: "REGISTRATION_CLOSED" });
      const user = await repos.users.findUserById(userId);
      if (!user?.countryCode) throw new AppError("VALIDATION", "Set your country in your profile first: you mine for it", { reason: "COUNTRY_REQUIRED" });
      const registered = await repos.compete.insertRegistration({ competitionId: id, userId, countryCode: user.countryCode, registeredAt: now() });
      const mine = registered ? user.countryCode : (await repos.compete.findRegistration(id, userId))!.countryCode;
      return { countryCode: mine, registered };
    },
    tick: () =>
      serial(async () => {
        const at = now();
        for (const c of await repos.compete.listOpen()) {
          try {
            if (c.status === "upcoming" && at >= c.registrationAt) await move(c, "registration", null, at);
            else if (c.status === "registration" && at >= c.startsAt) await move(c, "active", null, at);
            else if (c.status === "active") {
              const v = await refresh(c, at);
              if (v.champion !== null && at >= v.endsAt) await move(c, "completed", null, at);
            }
          } catch (err) {
            // Not enough teams at kick-off, for one: it stays where it is, and says so each time.
            log.warn("world cup step refused", { competition: c.id, status: c.status, err: String((err as Error).message ?? err) });
          }
        }
      }),
    async view(id, viewerId) {
      const c = await load(id);
      const [teams, regs] = await Promise.all([repos.compete.listTeams(id), repos.compete.listRegistrations(id)]);
      const registrations: Record<string, number> = {};
      for (const r of regs) registrations[r.countryCode] = (registrations[r.countryCode] ?? 0) + 1;
      const myCountry = viewerId === null ? null : (regs.find((r) => r.userId === viewerId)?.countryCode ?? null);
      const tables: WorldCupView["tables"] = {};
      let matches: CompetitionMatchRow[] = [];
      if (teams.length >= MIN_TEAMS) {
        // Live: computed from the stored shares now (what the next tick stores).
        const v = c.status === "active" ? await compute(c, teams, now()) : null;
        matches = v ? matchRows(c, teams, v) : await repos.compete.listMatches(id);
        const code = (seed: number) => teams.find((t) => t.seed === seed)!.countryCode;
        const tv = v ?? (await compute(c, teams, c.status === "completed" ? Number.MAX_SAFE_INTEGER : now()));
        for (const [g, rows] of Object.entries(tv.tables)) tables[g] = rows.map(({ seed, ...r }) => ({ countryCode: code(seed), ...r }));
      }
      return { competition: c, teams, matches, tables, myCountry, registrations };
    },
    list: (limit) => repos.compete.listCompetitions(limit),
    async listWithCounts(limit) {
      const out = [];
      for (const c of await repos.compete.listCompetitions(limit)) {
        const [regs, teams] = await Promise.all([repos.compete.listRegistrations(c.id), repos.compete.listTeams(c.id)]);
        out.push({ competition: c, registrations: regs.length, teams: teams.length });
      }
      return out;
    },
    transitions: (id) => repos.compete.listTransitions(id),
    start() {
      if (job) return;
      job = scheduleJob("world-cup-tick", "* * * * *", () => wc.tick(), { log, leaderOnly: deps.leaderOnly });
    },
    async stop() {
      job?.stop();
      job = null;
      await chain;
      await bus.drain();
    },
  };
  return wc;
}

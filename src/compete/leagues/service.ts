// Leagues, stored. A croner job (every 5 minutes, on the leader only) runs `tick`:
//  - no season yet: opens the current one, placing everyone who mined in the week before by
//    hashrate (difficulty-weighted shares of that week), strongest first into the top tier;
//  - during a season: places newcomers when they first mine (by the same measure, into the
//    highest tier with a free place) and stores the standings computed from share_hours;
//  - once the season is over: closes it, in one transaction with the next season's opening —
//    final standings, each club's movement (promoted / relegated / stayed) recorded, returning
//    clubs moved to their new tier, newcomers placed. `closed_at` is set by a conditional update,
//    so the job running twice, or on two instances, closes a season once.
// Clubs that played no round all season are not carried over (they are placed again when they
// mine). Rules and points: rules.ts.
import { scheduleJob, type Job, type LeaderOnly } from "../../jobs/schedule.ts";
import { AppError } from "../../core/errors.ts";
import type { Clock } from "../../core/time.ts";
import type { LeagueClubView, LeagueRow, Repos, UserWork } from "../../db/repos.ts";
import { createEventBus, type EventBus, type EventSource } from "../../events.ts";
import type { Logger } from "../../log.ts";
import type { Namer } from "../names.ts";
import {
  DEFAULT_TIER_SIZE, DEFAULT_ZONE, PLACEMENT_HOURS, movementOf, roundPoints, roundsOf, seasonBounds, seasonOf, tableOrder, tierName, zones, type Movement,
} from "./rules.ts";

const HOUR = 3_600_000;

export interface LeagueEventMap {
  /** promoted/relegated count the clubs that played and move; `next` is the season opened. */
  "compete.league_season_ended": { season: number; clubs: number; promoted: number; relegated: number; at: number; next: number };
  "compete.league_promoted": { season: number; userId: number; fromTier: number; toTier: number; league: string; at: number };
  "compete.league_relegated": { season: number; userId: number; fromTier: number; toTier: number; league: string; at: number };
}

export interface LeaguesDeps {
  repos: Repos;
  log: Logger;
  /** Public names for the tables (the leaderboards' namer: hidden profiles become aliases). */
  namer: () => Pick<Namer, "publicName"> | Promise<Pick<Namer, "publicName">>;
  now?: Clock;
  tierSize?: number;
  leaderOnly?: LeaderOnly;
}

export interface ClubLine {
  clubId: number;
  userId: number;
  name: string;
  position: number;
  points: number;
  roundsPlayed: number;
  shares: number;
  sumDiff: number;
  bestDiff: number;
  placementDiff: number;
  zone: "promotion" | "relegation" | null;
  movement: Movement | null;
  me: boolean;
}

export interface LeagueTable {
  tier: number;
  name: string;
  promote: number;
  relegate: number;
  clubs: ClubLine[];
}

export interface LeagueSummary {
  tier: number;
  name: string;
  clubs: number;
  promote: number;
  relegate: number;
}

export interface SeasonView {
  season: number;
  startsAt: number;
  endsAt: number;
  closedAt: number | null;
  rounds: { round: number; startsAt: number; endsAt: number; status: "scheduled" | "live" | "completed" }[];
  /** Every league of the season with its size and zones, top tier first. */
  leagues: LeagueSummary[];
  /** The viewer's club this season, if any. */
  mine: { tier: number; league: string; position: number; points: number } | null;
}

export interface Leagues {
  events: EventSource<LeagueEventMap>;
  tick(): Promise<void>;
  /** A season's leagues and the viewer's club (the newest season when `season` is null). */
  view(season: number | null, viewerId: number | null): Promise<SeasonView>;
  /** One league's table as last stored by the job (every 5 minutes; final once closed). */
  table(season: number | null, tier: number, viewerId: number | null): Promise<{ view: SeasonView; league: LeagueTable }>;
  history(userId: number, limit: number): Promise<LeagueClubView[]>;
  start(): void;
  stop(): Promise<void>;
}

interface Computed {
  club: LeagueClubView;
  position: number;
  points: number;
  played: number;
  shares: number;
  sumDiff: number;
  bestDiff: number;
}

export function createLeagues(deps: LeaguesDeps): Leagues {
  const { repos } = deps;
  const now = deps.now ?? Date.now;
  const tierSize = deps.tierSize ?? DEFAULT_TIER_SIZE;
  const log = deps.log.child("leagues");
  const bus: EventBus<LeagueEventMap> = createEventBus<LeagueEventMap>({ onError: (sub, err) => log.warn("league event subscriber failed", { sub, err: String(err) }) });
  let job: Job | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch(() => {});
    return p;
  };

  /** Every league's table of `season` from the rounds started before `at`, per tier. */
  const compute = async (r: Repos, season: number, at: number): Promise<Map<number, Computed[]>> => {
    const clubs = await r.leagues.listClubs(season);
    const acc = new Map(clubs.map((c) => [c.userId, { club: c, position: 0, points: 0, played: 0, shares: 0, sumDiff: 0, bestDiff: 0 } as Computed]));
    for (const round of roundsOf(season)) {
      if (round.startsAt >= at) break;
      const byTier = new Map<number, UserWork[]>();
      for (const w of await r.leagues.userWork(round.fromHour, round.toHour)) {
        const c = acc.get(w.userId);
        if (!c) continue;
        let l = byTier.get(c.club.tier);
        if (!l) byTier.set(c.club.tier, (l = []));
        l.push(w);
        c.played++;
        c.shares += w.accepted;
        c.sumDiff += w.sumDiff;
        c.bestDiff = Math.max(c.bestDiff, w.bestDiff);
      }
      for (const work of byTier.values()) for (const [userId, pts] of roundPoints(work)) acc.get(userId)!.points += pts;
    }
    const tiers = new Map<number, Computed[]>();
    for (const c of acc.values()) {
      let l = tiers.get(c.club.tier);
      if (!l) tiers.set(c.club.tier, (l = []));
      l.push(c);
    }
    for (const [tier, rows] of tiers) {
      const ordered = tableOrder(rows.map((x) => ({ ...x, clubId: x.club.id })));
      ordered.forEach((x, i) => (x.position = i + 1));
      tiers.set(tier, ordered);
    }
    return tiers;
  };

  const patches = (tables: Map<number, Computed[]>) =>
    [...tables.values()].flat().map((c) => ({ id: c.club.id, position: c.position, points: c.points, totalShares: c.shares, sumDiff: c.sumDiff, bestDiff: c.bestDiff, matchesPlayed: c.played }));

  const league = (r: Repos, season: number, tier: number) =>
    r.leagues.ensureLeague({ name: tierName(tier), tier, season, ...seasonBounds(season), promotionZone: DEFAULT_ZONE, relegationZone: DEFAULT_ZONE });

  /** Newcomers, strongest first, into the highest tier with a free place (a new bottom tier when all are full). */
  const placeNewcomers = async (r: Repos, season: number, counts: Map<number, number>, newcomers: { userId: number; diff: number }[], at: number) => {
    newcomers.sort((a, b) => b.diff - a.diff || a.userId - b.userId);
    for (const n of newcomers) {
      let tier = 1;
      while ((counts.get(tier) ?? 0) >= tierSize) tier++;
      const l = await league(r, season, tier);
      if (await r.leagues.insertClub({ leagueId: l.id, season, userId: n.userId, placementDiff: n.diff, placedAt: at })) counts.set(tier, (counts.get(tier) ?? 0) + 1);
    }
  };

  const weekBefore = async (r: Repos, at: number) => {
    const hour = Math.floor(at / HOUR);
    return new Map((await r.leagues.userWork(hour - PLACEMENT_HOURS, hour)).map((w) => [w.userId, w.sumDiff]));
  };

  /** Opens `season`: returning clubs to their new tiers, then everyone else who mined the week before. */
  const open = async (r: Repos, season: number, returning: { userId: number; tier: number }[], recent: Map<number, number>, at: number) => {
    await league(r, season, 1); // a season always has its top league, even before anyone mines
    const counts = new Map<number, number>();
    for (const c of returning) {
      const l = await league(r, season, c.tier);
      if (await r.leagues.insertClub({ leagueId: l.id, season, userId: c.userId, placementDiff: recent.get(c.userId) ?? 0, placedAt: at })) counts.set(c.tier, (counts.get(c.tier) ?? 0) + 1);
    }
    const back = new Set(returning.map((c) => c.userId));
    await placeNewcomers(r, season, counts, [...recent].filter(([u]) => !back.has(u)).map(([userId, diff]) => ({ userId, diff })), at);
  };

  /** Closes `season` and opens the current one, in one transaction; null when it was closed already. */
  const close = async (season: number, at: number) => {
    const events: { name: "compete.league_promoted" | "compete.league_relegated"; e: LeagueEventMap["compete.league_promoted"] }[] = [];
    // The reads first (the season is over: its shares no longer change), so the transaction —
    // which on SQLite holds the write lock the mining writer also wants — only writes.
    const next = Math.max(season + 1, seasonOf(at));
    const tables = await compute(repos, season, Number.MAX_SAFE_INTEGER);
    const recent = await weekBefore(repos, seasonBounds(next).startsAt);
    const done = await repos.transaction(async (tx) => {
      if (!(await tx.leagues.closeSeason(season, at))) return null;
      await tx.leagues.saveStandings(patches(tables));
      const leagues = await tx.leagues.listLeagues(season);
      const lastTier = Math.max(1, ...leagues.map((l) => l.tier));
      const moves: { id: number; movement: string }[] = [];
      const returning: { userId: number; tier: number }[] = [];
      for (const l of leagues) {
        const rows = tables.get(l.tier) ?? [];
        const z = zones(l.tier, lastTier, rows.length, l);
        for (const c of rows) {
          const m = movementOf(c.position, rows.length, z);
          moves.push({ id: c.club.id, movement: m });
          const to = m === "promoted" ? l.tier - 1 : m === "relegated" ? l.tier + 1 : l.tier;
          // A club that played no round leaves the leagues: nobody to tell about a tier it will not play in.
          if (m !== "stayed" && c.played > 0) events.push({ name: m === "promoted" ? "compete.league_promoted" : "compete.league_relegated", e: { season, userId: c.club.userId, fromTier: l.tier, toTier: to, league: tierName(to), at } });
          if (c.played > 0) returning.push({ userId: c.club.userId, tier: to });
        }
      }
      await tx.leagues.setMovements(moves);
      await open(tx, next, returning, recent, at);
      return { clubs: moves.length };
    });
    if (!done) return;
    const promoted = events.filter((x) => x.name === "compete.league_promoted").length;
    bus.publish("compete.league_season_ended", { season, clubs: done.clubs, promoted, relegated: events.length - promoted, at, next });
    for (const x of events) bus.publish(x.name, x.e);
    log.info("league season closed", { season, clubs: done.clubs, promoted, relegated: events.length - promoted });
  };

  /** During a season: newcomers placed, standings stored. */
  const refresh = async (season: number, at: number) => {
    const { startsAt } = seasonBounds(season);
    const hour = Math.floor(at / HOUR);
    const clubs = await repos.leagues.listClubs(season);
    const have = new Set(clubs.map((c) => c.userId));
    const fresh = (await repos.leagues.userWork(startsAt / HOUR, hour + 1)).filter((w) => !have.has(w.userId));
    if (fresh.length > 0) {
      const recent = await weekBefore(repos, (hour + 1) * HOUR);
      const counts = new Map<number, number>();
      for (const c of clubs) counts.set(c.tier, (counts.get(c.tier) ?? 0) + 1);
      await placeNewcomers(repos, season, counts, fresh.map((w) => ({ userId: w.userId, diff: recent.get(w.userId) ?? w.sumDiff })), at);
    }
    await repos.leagues.saveStandings(patches(await compute(repos, season, at)));
  };

  const summaries = async (season: number, leagues: LeagueRow[]): Promise<LeagueSummary[]> => {
    const counts = await repos.leagues.clubCounts(season);
    const lastTier = Math.max(1, ...leagues.map((l) => l.tier));
    return leagues.map((l) => {
      const n = counts.get(l.id) ?? 0;
      return { tier: l.tier, name: l.name, clubs: n, ...zones(l.tier, lastTier, n, l) };
    });
  };

  const seasonView = async (season: number | null, viewerId: number | null): Promise<SeasonView & { rows: LeagueRow[] }> => {
    const at = now();
    const s = season ?? (await repos.leagues.latestSeason());
    if (s === undefined) throw new AppError("NOT_FOUND", "No league season has started yet", { reason: "NO_SEASON" });
    const rows = await repos.leagues.listLeagues(s);
    if (rows.length === 0) throw new AppError("NOT_FOUND", `No season ${s}`, { reason: "SEASON_NOT_FOUND" });
    const closedAt = rows[0]!.closedAt;
    const mineRow = viewerId === null ? undefined : await repos.leagues.findClub(s, viewerId);
    const { startsAt, endsAt } = seasonBounds(s);
    return {
      season: s, startsAt, endsAt, closedAt, rows,
      rounds: roundsOf(s).map((r) => ({ round: r.round, startsAt: r.startsAt, endsAt: r.endsAt, status: at >= r.endsAt || closedAt !== null ? "completed" : at >= r.startsAt ? "live" : "scheduled" })),
      leagues: await summaries(s, rows),
      // Placed since the job's last run: not ranked yet, shown last.
      mine: mineRow ? { tier: mineRow.tier, league: tierName(mineRow.tier), position: mineRow.position ?? ((await repos.leagues.clubCounts(s)).get(mineRow.leagueId) ?? 1), points: mineRow.points } : null,
    };
  };

  const lg: Leagues = {
    events: bus,
    tick: () =>
      serial(async () => {
        const at = now();
        const current = seasonOf(at);
        const latest = await repos.leagues.latestSeason();
        if (latest === undefined) {
          const recent = await weekBefore(repos, seasonBounds(current).startsAt);
          await repos.transaction((tx) => open(tx, current, [], recent, at));
          log.info("first league season opened", { season: current });
        } else if (latest < current) await close(latest, at);
        else await refresh(latest, at);
      }),
    async view(season, viewerId) {
      const { rows: _rows, ...v } = await seasonView(season, viewerId);
      return v;
    },
    async table(season, tier, viewerId) {
      const { rows, ...view } = await seasonView(season, viewerId);
      const l = rows.find((x) => x.tier === tier);
      const sum = view.leagues.find((x) => x.tier === tier);
      if (!l || !sum) throw new AppError("NOT_FOUND", `No tier ${tier} in season ${view.season}`, { reason: "LEAGUE_NOT_FOUND" });
      const namer = await deps.namer();
      const closed = view.closedAt !== null;
      const clubs = (await repos.leagues.leagueClubs(l.id)).map((c, i): ClubLine => {
        const position = c.position ?? i + 1;
        const m = movementOf(position, sum.clubs, sum);
        return {
          clubId: c.id, userId: c.userId, name: namer.publicName({ id: c.userId, btcAddress: c.btcAddress, displayName: c.displayName, showProfile: c.showProfile }),
          position, points: c.points, roundsPlayed: c.matchesPlayed, shares: c.totalShares, sumDiff: c.sumDiff, bestDiff: c.bestDiff, placementDiff: c.placementDiff,
          zone: m === "promoted" ? "promotion" : m === "relegated" ? "relegation" : null, movement: closed ? ((c.movement as Movement | null) ?? m) : null, me: c.userId === viewerId,
        };
      });
      return { view, league: { tier: l.tier, name: l.name, promote: sum.promote, relegate: sum.relegate, clubs } };
    },
    history: (userId, limit) => repos.leagues.userClubs(userId, limit),
    start() {
      if (job) return;
      job = scheduleJob("league-tick", "*/5 * * * *", () => lg.tick(), { log, leaderOnly: deps.leaderOnly });
    },
    async stop() {
      job?.stop();
      job = null;
      await chain;
      await bus.drain();
    },
  };
  return lg;
}

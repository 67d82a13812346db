// LeaguesRepo, written once for both engines (see conn.ts): seasons' tiers, the clubs placed in
// them, their stored standings, the season's close (once), and the per-user work the standings
// and placements are computed from (share_hours: exact and kept long after the minute rollups).
import { and, asc, count, desc, eq, gte, isNull, lt, max, sql, sum } from "drizzle-orm";
import type { Conn } from "./conn.ts";
import type { LeagueClubRow, LeagueRow } from "./rows.ts";

/** A user's accepted work in an hour range. */
export interface UserWork {
  userId: number;
  accepted: number;
  sumDiff: number;
  bestDiff: number;
}

/** A club with its tier and what a table may show of its player (names are made by the caller). */
export interface LeagueClubView extends LeagueClubRow {
  tier: number;
  btcAddress: string | null;
  displayName: string | null;
  showProfile: boolean;
}

export type StandingPatch = Pick<LeagueClubRow, "id" | "position" | "points" | "totalShares" | "sumDiff" | "bestDiff" | "matchesPlayed">;

export interface LeaguesRepo {
  /** The newest season with a league, if any. */
  latestSeason(): Promise<number | undefined>;
  /** A season's leagues, top tier first. */
  listLeagues(season: number): Promise<LeagueRow[]>;
  /** The tier's league of the season, created unless it exists (concurrent callers get the same row). */
  ensureLeague(row: Omit<LeagueRow, "id" | "closedAt">): Promise<LeagueRow>;
  /** False (nothing written) when the user already has a club this season. */
  insertClub(row: Omit<LeagueClubRow, "id" | "position" | "points" | "totalShares" | "sumDiff" | "bestDiff" | "matchesPlayed" | "movement">): Promise<boolean>;
  /** Every club of a season, by tier then position (unranked last) then placement order. */
  listClubs(season: number): Promise<LeagueClubView[]>;
  /** One league's clubs, in the same order. */
  leagueClubs(leagueId: number): Promise<LeagueClubView[]>;
  /** How many clubs each league of the season has. */
  clubCounts(season: number): Promise<Map<number, number>>;
  findClub(season: number, userId: number): Promise<LeagueClubView | undefined>;
  /** A user's clubs, newest season first. */
  userClubs(userId: number, limit: number): Promise<LeagueClubView[]>;
  saveStandings(rows: StandingPatch[]): Promise<void>;
  /** Sets closed_at on the season's leagues if none was set; true when this call closed it. */
  closeSeason(season: number, at: number): Promise<boolean>;
  setMovements(rows: { id: number; movement: string }[]): Promise<void>;
  /** Accepted work per user in unix hours [fromHour, toHour); users without any are left out. */
  userWork(fromHour: number, toHour: number): Promise<UserWork[]>;
}

export function leaguesRepo(c: Conn): LeaguesRepo {
  const { orm, t } = c;
  const { leagues: lg, leagueClubs: cl, users, userSettings, workers, shareHours: sh } = t;
  const clubView = () =>
    orm
      .select({ club: cl, tier: lg.tier, btcAddress: users.btcAddress, displayName: users.displayName, showProfile: userSettings.privacyShowProfile })
      .from(cl)
      .innerJoin(lg, eq(lg.id, cl.leagueId))
      .innerJoin(users, eq(users.id, cl.userId))
      .leftJoin(userSettings, eq(userSettings.userId, cl.userId));
  const flat = (r: { club: LeagueClubRow; tier: number; btcAddress: string | null; displayName: string | null; showProfile: boolean | null }): LeagueClubView => ({
    ...r.club, tier: r.tier, btcAddress: r.btcAddress, displayName: r.displayName, showProfile: r.showProfile ?? true,
  });
  const findLeague = (season: number, tier: number) =>
    orm
      .select()
      .from(lg)
      .where(and(eq(lg.season, season), eq(lg.tier, tier)))
      .then((r) => r[0]);
  return {
    latestSeason: () =>
      orm
        .select({ s: max(lg.season) })
        .from(lg)
        .then((r) => (r[0]?.s === null || r[0]?.s === undefined ? undefined : Number(r[0].s))),
    listLeagues: (season) => orm.select().from(lg).where(eq(lg.season, season)).orderBy(asc(lg.tier)),
    async ensureLeague(row) {
      await orm.insert(lg).values(row).onConflictDoNothing();
      return (await findLeague(row.season, row.tier))!;
    },
    insertClub: (row) =>
      orm
        .insert(cl)
        .values(row)
        .onConflictDoNothing()
        .returning({ id: cl.id })
        .then((r) => r.length > 0),
    listClubs: (season) =>
      clubView()
        .where(eq(cl.season, season))
        .orderBy(asc(lg.tier), sql`${cl.position} IS NULL`, asc(cl.position), asc(cl.id))
        .then((r) => r.map(flat)),
    leagueClubs: (leagueId) =>
      clubView()
        .where(eq(cl.leagueId, leagueId))
        .orderBy(sql`${cl.position} IS NULL`, asc(cl.position), asc(cl.id))
        .then((r) => r.map(flat)),
    clubCounts: (season) =>
      orm
        .select({ leagueId: cl.leagueId, n: count() })
        .from(cl)
        .where(eq(cl.season, season))
        .groupBy(cl.leagueId)
        .then((r) => new Map(r.map((x) => [x.leagueId, Number(x.n)]))),
    findClub: (season, userId) =>
      clubView()
        .where(and(eq(cl.season, season), eq(cl.userId, userId)))
        .then((r) => (r[0] ? flat(r[0]) : undefined)),
    userClubs: (userId, limit) =>
      clubView()
        .where(eq(cl.userId, userId))
        .orderBy(desc(cl.season))
        .limit(limit)
        .then((r) => r.map(flat)),
    async saveStandings(rows) {
      await c.tx(async (x) => {
        for (const { id, ...patch } of rows) await x.orm.update(x.t.leagueClubs).set(patch).where(eq(x.t.leagueClubs.id, id));
      });
    },
    closeSeason: (season, at) =>
      orm
        .update(lg)
        .set({ closedAt: at })
        .where(and(eq(lg.season, season), isNull(lg.closedAt)))
        .returning({ id: lg.id })
        .then((r) => r.length > 0),
    async setMovements(rows) {
      await c.tx(async (x) => {
        for (const r of rows) await x.orm.update(x.t.leagueClubs).set({ movement: r.movement }).where(eq(x.t.leagueClubs.id, r.id));
      });
    },
    userWork: (fromHour, toHour) =>
      orm
        .select({ userId: workers.userId, accepted: sum(sh.accepted), sumDiff: sum(sh.sumDiff), bestDiff: max(sh.bestDiff) })
        .from(sh)
        .innerJoin(workers, eq(workers.id, sh.workerId))
        .where(and(gte(sh.hour, fromHour), lt(sh.hour, toHour)))
        .groupBy(workers.userId)
        .orderBy(asc(workers.userId))
        .then((r) =>
          r
            .map((x) => ({ userId: x.userId, accepted: Number(x.accepted ?? 0), sumDiff: Number(x.sumDiff ?? 0), bestDiff: Number(x.bestDiff ?? 0) }))
            .filter((x) => x.accepted > 0),
        ),
  };
}

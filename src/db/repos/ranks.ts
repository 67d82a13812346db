// RanksRepo, written once for both engines (see conn.ts): the reads leaderboards and the lottery
// are computed from (weekly_best_diff, user_daily_stats, users and their settings and levels) and
// the competition tables themselves.
import { and, asc, desc, eq, gt, gte, lt, max, sql, sum } from "drizzle-orm";
import type { BoardScoreRow, BoardUserRow, RanksRepo } from "../repos.ts";
import type { Conn } from "./conn.ts";

export function ranksRepo(c: Conn): RanksRepo {
  const { orm, t } = c;
  const { weeklyBestDiff, userDailyStats, users, userSettings, userGamification, leaderboardSnapshots, countryRankings, lotteryDraws, lotteryResults, gameSessions, competitionState } = t;
  const nums = (r: { userId: number; best: unknown; shares: unknown }[]): BoardScoreRow[] => r.map((x) => ({ userId: x.userId, bestDiff: Number(x.best ?? 0), totalShares: Number(x.shares ?? 0) }));

  return {
    weekScores: (week) =>
      orm
        .select({ userId: weeklyBestDiff.userId, best: weeklyBestDiff.bestDifficulty, shares: weeklyBestDiff.totalShares })
        .from(weeklyBestDiff)
        .where(and(eq(weeklyBestDiff.weekStart, week), gt(weeklyBestDiff.totalShares, 0)))
        .then(nums),

    scoresSince: (sinceDay) =>
      orm
        .select({ userId: userDailyStats.userId, best: max(userDailyStats.bestDiff), shares: sum(userDailyStats.acceptedShares) })
        .from(userDailyStats)
        .where(sinceDay === null ? gt(userDailyStats.acceptedShares, 0) : and(gte(userDailyStats.day, sinceDay), gt(userDailyStats.acceptedShares, 0)))
        .groupBy(userDailyStats.userId)
        .then(nums),

    async scoresEverAndSince(sinceDay) {
      const recent = sql`${userDailyStats.day} >= ${sinceDay}`;
      const rows = await orm
        .select({
          userId: userDailyStats.userId, best: max(userDailyStats.bestDiff), shares: sum(userDailyStats.acceptedShares),
          bestSince: sql<number | null>`max(case when ${recent} then ${userDailyStats.bestDiff} end)`,
          sharesSince: sql<number | null>`sum(case when ${recent} then ${userDailyStats.acceptedShares} end)`,
        })
        .from(userDailyStats)
        .where(gt(userDailyStats.acceptedShares, 0))
        .groupBy(userDailyStats.userId);
      const ever: BoardScoreRow[] = [];
      const since: BoardScoreRow[] = [];
      for (const r of rows) {
        ever.push({ userId: r.userId, bestDiff: Number(r.best ?? 0), totalShares: Number(r.shares ?? 0) });
        if (r.sharesSince !== null && Number(r.sharesSince) > 0) since.push({ userId: r.userId, bestDiff: Number(r.bestSince ?? 0), totalShares: Number(r.sharesSince) });
      }
      return { ever, since };
    },

    boardUsers: () =>
      orm
        .select({
          id: users.id, btcAddress: users.btcAddress, displayName: users.displayName, countryCode: users.countryCode, lastLoginAt: users.lastLoginAt,
          showProfile: userSettings.privacyShowProfile, showCountry: userSettings.privacyShowCountry, level: userGamification.level, title: userGamification.title,
        })
        .from(users)
        .leftJoin(userSettings, eq(userSettings.userId, users.id))
        .leftJoin(userGamification, eq(userGamification.userId, users.id))
        .then((r) =>
          r.map((u): BoardUserRow => ({
            id: u.id, btcAddress: u.btcAddress, displayName: u.displayName, countryCode: u.countryCode, signedIn: u.lastLoginAt !== null,
            // No settings row (a miner who never signed in): the seed's defaults, profile shown.
            showProfile: u.showProfile ?? true, showCountry: u.showCountry ?? true, level: u.level ?? 1, title: u.title ?? "Nocoiner",
          })),
        ),

    async saveSnapshot(rows, countries, at, keepAfter) {
      await c.tx(async (x) => {
        for (let i = 0; i < rows.length; i += 500) await x.orm.insert(x.t.leaderboardSnapshots).values(rows.slice(i, i + 500).map((r) => ({ ...r, snapshotAt: at })));
        for (let i = 0; i < countries.length; i += 500) await x.orm.insert(x.t.countryRankings).values(countries.slice(i, i + 500).map((r) => ({ ...r, snapshotAt: at })));
        await x.orm.delete(x.t.leaderboardSnapshots).where(lt(x.t.leaderboardSnapshots.snapshotAt, keepAfter));
        await x.orm.delete(x.t.countryRankings).where(lt(x.t.countryRankings.snapshotAt, keepAfter));
      });
    },

    async latestSnapshot(period) {
      const [last] = await orm.select({ at: max(leaderboardSnapshots.snapshotAt) }).from(leaderboardSnapshots).where(eq(leaderboardSnapshots.period, period));
      if (!last?.at) return [];
      return orm.select().from(leaderboardSnapshots).where(and(eq(leaderboardSnapshots.period, period), eq(leaderboardSnapshots.snapshotAt, Number(last.at)))).orderBy(asc(leaderboardSnapshots.rank));
    },

    async latestCountries(period) {
      const [last] = await orm.select({ at: max(countryRankings.snapshotAt) }).from(countryRankings).where(eq(countryRankings.period, period));
      if (!last?.at) return [];
      return orm.select().from(countryRankings).where(and(eq(countryRankings.period, period), eq(countryRankings.snapshotAt, Number(last.at)))).orderBy(asc(countryRankings.rank));
    },

    getState: (key) =>
      orm
        .select({ value: competitionState.value })
        .from(competitionState)
        .where(eq(competitionState.key, key))
        .then((r) => r[0]?.value),

    /** Insert-if-absent, then read: concurrent first starts agree on one value. */
    async initState(key, value) {
      await orm.insert(competitionState).values({ key, value }).onConflictDoNothing();
      const [r] = await orm.select({ value: competitionState.value }).from(competitionState).where(eq(competitionState.key, key));
      return r!.value;
    },

    insertDraw: (row) =>
      orm
        .insert(lotteryDraws)
        .values(row)
        .onConflictDoNothing()
        .returning({ id: lotteryDraws.id })
        .then((r) => r.length > 0),

    getDraw: (week) =>
      orm
        .select()
        .from(lotteryDraws)
        .where(eq(lotteryDraws.weekStart, week))
        .then((r) => r[0]),

    listDraws: (limit) => orm.select().from(lotteryDraws).orderBy(desc(lotteryDraws.weekStart)).limit(limit),

    pendingDraws: () => orm.select().from(lotteryDraws).where(eq(lotteryDraws.status, "committed")).orderBy(asc(lotteryDraws.weekStart)),

    completeDraw: (id, blockHash, seed, at) =>
      orm
        .update(lotteryDraws)
        .set({ status: "drawn", blockHash, seed, drawnAt: at })
        .where(and(eq(lotteryDraws.id, id), eq(lotteryDraws.status, "committed")))
        .returning({ id: lotteryDraws.id })
        .then((r) => r.length > 0),

    async insertResult(row) {
      await orm.insert(lotteryResults).values(row);
    },

    results: (drawId) => orm.select().from(lotteryResults).where(eq(lotteryResults.drawId, drawId)).orderBy(asc(lotteryResults.position)),

    userResults: (userId, limit) =>
      orm
        .select({ weekStart: lotteryDraws.weekStart, position: lotteryResults.position, ticketNumber: lotteryResults.ticketNumber, xpPrize: lotteryResults.xpPrize })
        .from(lotteryResults)
        .innerJoin(lotteryDraws, eq(lotteryDraws.id, lotteryResults.drawId))
        .where(eq(lotteryResults.userId, userId))
        .orderBy(desc(lotteryDraws.weekStart))
        .limit(limit),

    insertSession: (row) =>
      orm
        .insert(gameSessions)
        .values(row)
        .returning()
        .then((r) => r[0]!),

    listSessions: ({ userId, limit, beforeId }) =>
      orm
        .select()
        .from(gameSessions)
        .where(beforeId === undefined ? eq(gameSessions.userId, userId) : and(eq(gameSessions.userId, userId), lt(gameSessions.id, beforeId)))
        .orderBy(desc(gameSessions.id))
        .limit(limit),

    userWeek: (userId, week) =>
      orm
        .select({ userId: weeklyBestDiff.userId, best: weeklyBestDiff.bestDifficulty, shares: weeklyBestDiff.totalShares })
        .from(weeklyBestDiff)
        .where(and(eq(weeklyBestDiff.userId, userId), eq(weeklyBestDiff.weekStart, week)))
        .then((r) => nums(r)[0]),

    workerShares: (userId) =>
      orm
        .select({ name: t.workers.name, shares: t.workers.sharesAccepted })
        .from(t.workers)
        .where(eq(t.workers.userId, userId))
        .orderBy(asc(t.workers.id)),
  };
}

// GameRepo, written once for both engines (see conn.ts). The game's own tables plus the few
// reads of stored mining data its rules are evaluated from.
import { and, asc, count, desc, eq, getTableColumns, gt, gte, inArray, lt, max, sql, sum } from "drizzle-orm";
import type { GameRepo, MiningFacts } from "../repos.ts";
import type { Conn } from "./conn.ts";
import { inIds, insertJsonRows } from "./game-rows.ts";
import { gameSocialRepo } from "./game-social.ts";

export function gameRepo(c: Conn): GameRepo {
  const { orm, t } = c;
  const { xpLedger, userBadges, userGamification, gameProgress, userDailyStats, weeklyBestDiff, blocks } = t;
  return {
    ...gameSocialRepo(c),
    async miningFacts(userId, sinceDay) {
      const [tot] = await orm
        .select({ shares: sum(userDailyStats.acceptedShares), best: max(userDailyStats.bestDiff) })
        .from(userDailyStats)
        .where(eq(userDailyStats.userId, userId));
      const days = await orm
        .select({ day: userDailyStats.day })
        .from(userDailyStats)
        .where(and(eq(userDailyStats.userId, userId), gte(userDailyStats.day, sinceDay), gt(userDailyStats.acceptedShares, 0)))
        .orderBy(asc(userDailyStats.day));
      const weeks = await orm
        .select({ weekStart: weeklyBestDiff.weekStart })
        .from(weeklyBestDiff)
        .where(and(eq(weeklyBestDiff.userId, userId), gt(weeklyBestDiff.totalShares, 0)))
        .orderBy(asc(weeklyBestDiff.weekStart));
      const found = await orm
        .select({ hash: blocks.hash, foundAt: blocks.foundAt })
        .from(blocks)
        .where(and(eq(blocks.userId, userId), inArray(blocks.status, ["submitted", "accepted", "confirmed"])))
        .orderBy(asc(blocks.foundAt));
      return {
        totalShares: Number(tot?.shares ?? 0),
        bestDiff: Number(tot?.best ?? 0),
        activeDays: days.map((d) => d.day),
        activeWeeks: weeks.map((w) => Number(w.weekStart)),
        blocks: found.map((b) => ({ hash: b.hash, foundAt: Number(b.foundAt) })),
      };
    },

    async miningFactsFor(userIds, sinceDay) {
      const out = new Map<number, MiningFacts>();
      if (userIds.length === 0) return out;
      for (const id of userIds) out.set(id, { totalShares: 0, bestDiff: 0, activeDays: [], activeWeeks: [], blocks: [] });
      // Four independent reads issued together (PostgreSQL pipelines them on one connection).
      const [tot, days, weeks, found] = await Promise.all([
        orm
          .select({ userId: userDailyStats.userId, shares: sum(userDailyStats.acceptedShares), best: max(userDailyStats.bestDiff) })
          .from(userDailyStats)
          .where(inIds(orm, userDailyStats.userId, userIds))
          .groupBy(userDailyStats.userId),
        orm
          .select({ userId: userDailyStats.userId, day: userDailyStats.day })
          .from(userDailyStats)
          .where(and(inIds(orm, userDailyStats.userId, userIds), gte(userDailyStats.day, sinceDay), gt(userDailyStats.acceptedShares, 0)))
          .orderBy(asc(userDailyStats.day)),
        orm
          .select({ userId: weeklyBestDiff.userId, weekStart: weeklyBestDiff.weekStart })
          .from(weeklyBestDiff)
          .where(and(inIds(orm, weeklyBestDiff.userId, userIds), gt(weeklyBestDiff.totalShares, 0)))
          .orderBy(asc(weeklyBestDiff.weekStart)),
        orm
          .select({ userId: blocks.userId, hash: blocks.hash, foundAt: blocks.foundAt })
          .from(blocks)
          .where(and(inIds(orm, blocks.userId, userIds), inArray(blocks.status, ["submitted", "accepted", "confirmed"])))
          .orderBy(asc(blocks.foundAt)),
      ]);
      for (const r of tot) Object.assign(out.get(r.userId)!, { totalShares: Number(r.shares ?? 0), bestDiff: Number(r.best ?? 0) });
      for (const r of days) out.get(r.userId)!.activeDays.push(r.day);
      for (const r of weeks) out.get(r.userId)!.activeWeeks.push(Number(r.weekStart));
      for (const r of found) if (r.userId !== null) out.get(r.userId)?.blocks.push({ hash: r.hash, foundAt: Number(r.foundAt) });
      return out;
    },

    usersActiveSince: (sinceDay) =>
      orm
        .selectDistinct({ userId: userDailyStats.userId })
        .from(userDailyStats)
        .where(and(gte(userDailyStats.day, sinceDay), gt(userDailyStats.acceptedShares, 0)))
        .orderBy(asc(userDailyStats.userId))
        .then((r) => r.map((x) => x.userId)),

    getState: (userId) =>
      orm
        .select()
        .from(userGamification)
        .where(eq(userGamification.userId, userId))
        .then((r) => r[0]),

    async putState(row) {
      const { userId: _u, ...changing } = row;
      await orm.insert(userGamification).values(row).onConflictDoUpdate({ target: userGamification.userId, set: changing });
    },

    grantXp: (row) =>
      orm
        .insert(xpLedger)
        .values(row)
        .onConflictDoNothing()
        .returning({ id: xpLedger.id })
        .then((r) => r.length > 0),

    // The chunk's writes: one statement each, rows as one JSON parameter (game-rows.ts).
    grantXpMany: (rows) =>
      insertJsonRows(orm, xpLedger, ["userId", "source", "amount", "ref", "createdAt"], rows, () => "ON CONFLICT DO NOTHING", ["user_id", "source", "ref"]).then((r) =>
        r.map((x) => ({ userId: Number(x.user_id), source: String(x.source), ref: String(x.ref) })),
      ),

    insertBadges: (rows) =>
      insertJsonRows(orm, userBadges, ["userId", "slug", "earnedAt", "ref"], rows, () => "ON CONFLICT DO NOTHING", ["user_id", "slug"]).then((r) =>
        r.map((x) => ({ userId: Number(x.user_id), slug: String(x.slug) })),
      ),

    async putStates(rows) {
      const keys = Object.keys(getTableColumns(userGamification));
      const changing = keys.filter((k) => k !== "userId");
      await insertJsonRows(orm, userGamification, keys, rows as unknown as Record<string, unknown>[], (col) =>
        `ON CONFLICT (${col("userId")}) DO UPDATE SET ${changing.map((k) => `${col(k)} = excluded.${col(k)}`).join(", ")}`,
      );
    },

    async xpTotals(userIds) {
      const out = new Map<number, number>(userIds.map((id) => [id, 0]));
      if (userIds.length === 0) return out;
      const rows = await orm
        .select({ userId: xpLedger.userId, total: sum(xpLedger.amount) })
        .from(xpLedger)
        .where(inIds(orm, xpLedger.userId, userIds))
        .groupBy(xpLedger.userId);
      for (const r of rows) out.set(r.userId, Number(r.total ?? 0));
      return out;
    },

    async badgesFor(userIds) {
      const out = new Map<number, Set<string>>(userIds.map((id) => [id, new Set<string>()]));
      if (userIds.length === 0) return out;
      const rows = await orm.select({ userId: userBadges.userId, slug: userBadges.slug }).from(userBadges).where(inIds(orm, userBadges.userId, userIds));
      for (const r of rows) out.get(r.userId)?.add(r.slug);
      return out;
    },

    xpTotal: (userId) =>
      orm
        .select({ total: sum(xpLedger.amount) })
        .from(xpLedger)
        .where(eq(xpLedger.userId, userId))
        .then((r) => Number(r[0]?.total ?? 0)),

    listXp: ({ userId, limit, beforeId }) =>
      orm
        .select()
        .from(xpLedger)
        .where(beforeId === undefined ? eq(xpLedger.userId, userId) : and(eq(xpLedger.userId, userId), lt(xpLedger.id, beforeId)))
        .orderBy(desc(xpLedger.id))
        .limit(limit),

    xpBySource: (userId) =>
      orm
        .select({ source: xpLedger.source, total: sum(xpLedger.amount), grants: count() })
        .from(xpLedger)
        .where(eq(xpLedger.userId, userId))
        .groupBy(xpLedger.source)
        .orderBy(asc(xpLedger.source))
        .then((r) => r.map((x) => ({ source: x.source, total: Number(x.total ?? 0), grants: Number(x.grants) }))),

    insertBadge: (row) =>
      orm
        .insert(userBadges)
        .values(row)
        .onConflictDoNothing()
        .returning({ slug: userBadges.slug })
        .then((r) => r.length > 0),

    deleteBadge: (userId, slug) =>
      orm
        .delete(userBadges)
        .where(and(eq(userBadges.userId, userId), eq(userBadges.slug, slug)))
        .returning({ slug: userBadges.slug })
        .then((r) => r.length > 0),

    listBadges: (userId) => orm.select().from(userBadges).where(eq(userBadges.userId, userId)).orderBy(asc(userBadges.earnedAt), asc(userBadges.slug)),

    badgeCounts: () =>
      orm
        .select({ slug: userBadges.slug, n: count() })
        .from(userBadges)
        .groupBy(userBadges.slug)
        .then((r) => Object.fromEntries(r.map((x) => [x.slug, Number(x.n)]))),

    players: () =>
      orm
        .select({ n: count() })
        .from(userGamification)
        .then((r) => Number(r[0]?.n ?? 0)),

    getProgress: (key) =>
      orm
        .select({ value: gameProgress.value })
        .from(gameProgress)
        .where(eq(gameProgress.key, key))
        .then((r) => (r[0] === undefined ? undefined : Number(r[0].value))),

    async setProgress(key, value) {
      await orm.insert(gameProgress).values({ key, value }).onConflictDoUpdate({ target: gameProgress.key, set: { value } });
    },
  };
}



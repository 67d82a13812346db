// The game's notifications, activity feed and badge statistics, plus the mining reads its pages
// need (weekly calendar, personal bests). Written once for both engines (see conn.ts).
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, max, sql } from "drizzle-orm";
import type { GameRepo } from "../repos.ts";
import type { Conn } from "./conn.ts";
import { inIds, inTexts, insertJsonRows } from "./game-rows.ts";

type Social = Pick<
  GameRepo,
  | "insertNotification" | "insertNotifications" | "insertFeeds" | "settingsFor" | "listNotifications" | "unreadCount" | "markRead" | "markAllRead" | "insertFeed" | "listFeed" | "refreshBadgeStats" | "badgeStats"
  | "usersLastActiveIn" | "playerIds" | "weeks" | "personalBests" | "statesFor" | "userIdsByAddress" | "refreshShareTotals" | "publicProfiles"
>;

export function gameSocialRepo(c: Conn): Social {
  const { orm, t } = c;
  const { notifications: n, activityFeed: f, badgeStats, userBadges, userGamification, weeklyBestDiff, personalBests, blocks, users, userDailyStats, userSettings } = t;
  return {
    insertNotification: (row) =>
      orm
        .insert(n)
        .values(row)
        .onConflictDoNothing()
        .returning()
        .then((r) => r[0] ?? null),

    // A chunk's rows: one statement each, rows as one JSON parameter (game-rows.ts); the rows
    // written are the ones whose key came back (the others were written before).
    async insertNotifications(rows) {
      const keys = ["userId", "type", "title", "body", "data", "ref", "readAt", "createdAt"];
      const back = await insertJsonRows(orm, n, keys, rows, () => "ON CONFLICT DO NOTHING", ["id", "user_id", "ref"]);
      const ids = new Map(back.map((x) => [`${Number(x.user_id)}\n${String(x.ref)}`, Number(x.id)]));
      const seen = new Set<string>();
      return rows.flatMap((r) => {
        const k = `${r.userId}\n${r.ref}`;
        const id = ids.get(k);
        if (id === undefined || seen.has(k)) return [];
        seen.add(k);
        return [{ id, ...r }];
      }).sort((a, b) => a.id - b.id);
    },

    async insertFeeds(rows) {
      const keys = ["kind", "userId", "action", "data", "global", "ref", "createdAt"];
      const back = await insertJsonRows(orm, f, keys, rows, () => "ON CONFLICT DO NOTHING", ["id", "ref"]);
      const ids = new Map(back.map((x) => [String(x.ref), Number(x.id)]));
      const seen = new Set<string>();
      return rows.flatMap((r) => {
        const id = ids.get(r.ref);
        // A ref twice in one call: the first was written.
        if (id === undefined || seen.has(r.ref)) return [];
        seen.add(r.ref);
        return [{ id, ...r }];
      }).sort((a, b) => a.id - b.id);
    },

    settingsFor: (userIds) => (userIds.length === 0 ? Promise.resolve([]) : orm.select().from(userSettings).where(inIds(orm, userSettings.userId, userIds))),

    listNotifications: ({ userId, limit, beforeId, unreadOnly }) =>
      orm
        .select()
        .from(n)
        .where(and(eq(n.userId, userId), beforeId === undefined ? undefined : lt(n.id, beforeId), unreadOnly ? isNull(n.readAt) : undefined))
        .orderBy(desc(n.id))
        .limit(limit),

    unreadCount: (userId) =>
      orm
        .select({ c: count() })
        .from(n)
        .where(and(eq(n.userId, userId), isNull(n.readAt)))
        .then((r) => Number(r[0]?.c ?? 0)),

    markRead: (userId, id, at) =>
      orm
        .update(n)
        .set({ readAt: at })
        .where(and(eq(n.userId, userId), eq(n.id, id), isNull(n.readAt)))
        .returning({ id: n.id })
        .then((r) => r.length > 0),

    markAllRead: (userId, at) =>
      orm
        .update(n)
        .set({ readAt: at })
        .where(and(eq(n.userId, userId), isNull(n.readAt)))
        .returning({ id: n.id })
        .then((r) => r.length),

    insertFeed: (row) =>
      orm
        .insert(f)
        .values(row)
        .onConflictDoNothing()
        .returning()
        .then((r) => r[0] ?? null),

    listFeed: (scope, limit, beforeId) =>
      orm
        .select()
        .from(f)
        .where(and(scope.scope === "global" ? eq(f.global, true) : eq(f.userId, scope.userId), beforeId === undefined ? undefined : lt(f.id, beforeId)))
        .orderBy(desc(f.id))
        .limit(limit),

    refreshBadgeStats: (slugs, at) =>
      c.tx(async ({ orm }) => {
        const [p] = await orm.select({ c: count() }).from(userGamification);
        const players = Number(p?.c ?? 0);
        const held = await orm.select({ slug: userBadges.slug, c: count() }).from(userBadges).groupBy(userBadges.slug);
        const by = new Map(held.map((h) => [h.slug, Number(h.c)]));
        const rows = slugs.map((slug) => {
          const holders = by.get(slug) ?? 0;
          return { slug, holders, players, percentage: players > 0 ? Math.round((holders * 1000) / players) / 10 : 0, updatedAt: at };
        });
        await orm.delete(badgeStats);
        if (rows.length > 0) await orm.insert(badgeStats).values(rows);
        return rows;
      }),

    badgeStats: () => orm.select().from(badgeStats).orderBy(asc(badgeStats.slug)),

    usersLastActiveIn: (week) =>
      orm
        .select({ userId: userGamification.userId, currentStreak: userGamification.currentStreak })
        .from(userGamification)
        .where(eq(userGamification.lastActiveWeek, week))
        .orderBy(asc(userGamification.userId)),

    statesFor: (userIds) => (userIds.length === 0 ? Promise.resolve([]) : orm.select().from(userGamification).where(inIds(orm, userGamification.userId, userIds))),

    userIdsByAddress: (addresses) =>
      addresses.length === 0
        ? Promise.resolve(new Map())
        : orm
            .select({ id: users.id, address: users.btcAddress })
            .from(users)
            .where(inTexts(orm, users.btcAddress, addresses))
            .then((r) => new Map(r.filter((x) => x.address !== null).map((x) => [x.address!, x.id]))),

    async refreshShareTotals(userIds, at) {
      if (userIds.length === 0) return;
      const mine = sql`FROM ${userDailyStats} WHERE ${userDailyStats.userId} = ${userGamification.userId}`;
      const total = sql`(SELECT coalesce(sum(${userDailyStats.acceptedShares}), 0) ${mine})`;
      const best = sql`(SELECT coalesce(max(${userDailyStats.bestDiff}), 0) ${mine})`;
      await orm
        .update(userGamification)
        .set({ totalShares: total, bestDiff: sql`CASE WHEN ${best} > ${userGamification.bestDiff} THEN ${best} ELSE ${userGamification.bestDiff} END`, updatedAt: at })
        .where(inIds(orm, userGamification.userId, userIds));
    },

    publicProfiles: (userIds) =>
      userIds.length === 0
        ? Promise.resolve([])
        : orm
            .select({ id: users.id, displayName: users.displayName, btcAddress: users.btcAddress, showProfile: userSettings.privacyShowProfile })
            .from(users)
            .leftJoin(userSettings, eq(userSettings.userId, users.id))
            .where(inIds(orm, users.id, userIds))
            .then((r) => r.map((x) => ({ ...x, showProfile: x.showProfile !== false }))),

    playerIds: () =>
      orm
        .select({ id: userGamification.userId })
        .from(userGamification)
        .orderBy(asc(userGamification.userId))
        .then((r) => r.map((x) => x.id)),

    weeks: (userId, fromWeek) =>
      orm
        .select({ weekStart: weeklyBestDiff.weekStart, shares: weeklyBestDiff.totalShares, bestDiff: weeklyBestDiff.bestDifficulty })
        .from(weeklyBestDiff)
        .where(and(eq(weeklyBestDiff.userId, userId), gte(weeklyBestDiff.weekStart, fromWeek)))
        .orderBy(asc(weeklyBestDiff.weekStart))
        .then((r) => r.map((w) => ({ weekStart: Number(w.weekStart), shares: Number(w.shares), bestDiff: Number(w.bestDiff) }))),

    async personalBests(userId) {
      const rows = await orm.select().from(personalBests).where(eq(personalBests.userId, userId));
      const [last] = await orm.select({ at: max(blocks.foundAt) }).from(blocks).where(inArray(blocks.status, ["accepted", "confirmed"]));
      return {
        rows: rows.map((r) => ({ period: r.period, periodStart: Number(r.periodStart), bestDifficulty: Number(r.bestDifficulty), achievedAt: Number(r.achievedAt), workerName: r.workerName })),
        poolLastBlockAt: last?.at === null || last?.at === undefined ? null : Number(last.at),
      };
    },
  };
}

// TokenQuestsRepo, written once for both engines: activity counters per period (bumped by the
// ledger in its own transaction), claimed quests and achievement tiers, and the token boards.
import { and, asc, count, desc, eq, gt, gte, inArray, sql } from "drizzle-orm";
import type { ActivityColumn, TokenActivityRow, TokenQuestsRepo } from "../repos.ts";
import { hot } from "./hot.ts";
import type { Conn } from "./conn.ts";

export function tokenQuestsRepo(c: Conn): TokenQuestsRepo {
  const { orm, t } = c;
  const { tokenActivity: a, userQuests, userAchievements, users, airdrops, airdropClaims, transactions, refreshTokens, referrals, userDailyStats, powCredits } = t;
  const col = (name: ActivityColumn) => a[name];
  return {
    bumpActivity(userId, periods, add, max, at) {
      // One statement for every period, prepared once per shape (the tap path runs this per batch).
      const addKeys = Object.keys(add).filter((k) => add[k as ActivityColumn & keyof typeof add]).sort() as ActivityColumn[];
      const maxKeys = Object.keys(max).filter((k) => max[k as ActivityColumn & keyof typeof max]).sort() as ActivityColumn[];
      const values: Record<string, unknown> = { u: userId, at };
      periods.forEach((p, i) => (values[`p${i}`] = p));
      for (const k of addKeys) values[`a_${k}`] = add[k as keyof typeof add];
      for (const k of maxKeys) values[`m_${k}`] = max[k as keyof typeof max];
      return hot<TokenActivityRow[]>(orm, `activity.bump:${periods.length}:${addKeys.join(",")}:${maxKeys.join(",")}`, values, (v) => {
        const set: Record<string, unknown> = { updatedAt: v("at") };
        for (const k of addKeys) set[k] = sql`${col(k)} + ${v(`a_${k}`)}`;
        // GREATEST is PostgreSQL's spelling, MAX(a, b) SQLite's: a CASE reads the same in both.
        for (const k of maxKeys) set[k] = sql`CASE WHEN ${col(k)} < ${v(`m_${k}`)} THEN ${v(`m_${k}`)} ELSE ${col(k)} END`;
        const row = (i: number) => ({ userId: v("u"), period: v(`p${i}`), updatedAt: v("at"), ...Object.fromEntries(addKeys.map((k) => [k, v(`a_${k}`)])), ...Object.fromEntries(maxKeys.map((k) => [k, v(`m_${k}`)])) });
        return orm
          .insert(a)
          .values(periods.map((_, i) => row(i)))
          .onConflictDoUpdate({ target: [a.userId, a.period], set })
          .returning();
      });
    },

    getActivity: (userId, periods) => orm.select().from(a).where(and(eq(a.userId, userId), inArray(a.period, periods))),

    topActivity: (period, column, limit) =>
      orm
        .select({ userId: a.userId, value: col(column), displayName: users.displayName })
        .from(a)
        .innerJoin(users, eq(users.id, a.userId))
        .where(and(eq(a.period, period), gt(col(column), 0)))
        .orderBy(desc(col(column)), asc(a.userId))
        .limit(limit)
        .then((r) => r.map((x) => ({ ...x, value: Number(x.value) }))),

    countAhead: (period, column, value) =>
      orm
        .select({ n: count() })
        .from(a)
        .where(and(eq(a.period, period), gt(col(column), value)))
        .then((r) => Number(r[0]?.n ?? 0)),

    listUserQuests: (userId, periods) => orm.select().from(userQuests).where(and(eq(userQuests.userId, userId), inArray(userQuests.period, periods))),

    insertUserQuest: (row) =>
      orm
        .insert(userQuests)
        .values(row)
        .onConflictDoNothing()
        .returning()
        .then((r) => r[0]),

    markQuestClaimed: (id, reward, at) =>
      orm
        .update(userQuests)
        .set({ status: "CLAIMED", claimedAt: at, reward })
        .where(and(eq(userQuests.id, id), eq(userQuests.status, "IN_PROGRESS")))
        .returning({ id: userQuests.id })
        .then((r) => r.length > 0),

    listUserAchievements: (userId) => orm.select().from(userAchievements).where(eq(userAchievements.userId, userId)),

    insertUserAchievement: (row) =>
      orm
        .insert(userAchievements)
        .values(row)
        .onConflictDoNothing()
        .returning({ id: userAchievements.id })
        .then((r) => r.length > 0),

    insertAirdrop: (row) =>
      orm
        .insert(airdrops)
        .values(row)
        .returning()
        .then((r) => r[0]!),

    getAirdrop: (id) =>
      orm
        .select()
        .from(airdrops)
        .where(eq(airdrops.id, id))
        .then((r) => r[0]),

    listAirdrops: (limit) => orm.select().from(airdrops).orderBy(desc(airdrops.id)).limit(limit),

    takeAirdropSeat: (id) =>
      orm
        .update(airdrops)
        .set({ claimed: sql`${airdrops.claimed} + 1` })
        .where(and(eq(airdrops.id, id), sql`${airdrops.claimed} < ${airdrops.maxParticipants}`))
        .returning({ id: airdrops.id })
        .then((r) => r.length > 0),

    insertAirdropClaim: (row) =>
      orm
        .insert(airdropClaims)
        .values(row)
        .onConflictDoNothing()
        .returning({ id: airdropClaims.userId })
        .then((r) => r.length > 0),

    listAirdropClaims: (airdropId) => orm.select().from(airdropClaims).where(eq(airdropClaims.airdropId, airdropId)).orderBy(asc(airdropClaims.claimedAt), asc(airdropClaims.userId)),

    airdropClaimsOf: (userId) => orm.select().from(airdropClaims).where(eq(airdropClaims.userId, userId)),

    async setAirdropClaim(airdropId, userId, status, amount, at) {
      await orm.update(airdropClaims).set({ status, amount, paidAt: at }).where(and(eq(airdropClaims.airdropId, airdropId), eq(airdropClaims.userId, userId)));
    },

    markAirdropDistributed: (id, at) =>
      orm
        .update(airdrops)
        .set({ status: "DISTRIBUTED", distributedAt: at })
        .where(and(eq(airdrops.id, id), eq(airdrops.status, "OPEN")))
        .returning({ id: airdrops.id })
        .then((r) => r.length > 0),

    countTransactions: (userId) =>
      orm
        .select({ n: count() })
        .from(transactions)
        .where(eq(transactions.userId, userId))
        .then((r) => Number(r[0]?.n ?? 0)),

    firstSession: (userId) =>
      orm
        .select({ ip: refreshTokens.ipAddress, userAgent: refreshTokens.userAgent })
        .from(refreshTokens)
        .where(eq(refreshTokens.userId, userId))
        .orderBy(asc(refreshTokens.createdAt))
        .limit(1)
        .then((r) => r[0]),

    countReferralsByFingerprint: (referrerId, fingerprint) =>
      orm
        .select({ n: count() })
        .from(referrals)
        .where(and(eq(referrals.referrerId, referrerId), eq(referrals.fingerprint, fingerprint)))
        .then((r) => Number(r[0]?.n ?? 0)),

    async powOwed(userId, days) {
      const stored = await orm
        .select({ day: userDailyStats.day, sumDiff: userDailyStats.sumDiff })
        .from(userDailyStats)
        .where(and(eq(userDailyStats.userId, userId), "day" in days ? eq(userDailyStats.day, days.day) : gte(userDailyStats.day, days.sinceDay), gt(userDailyStats.acceptedShares, 0)))
        .orderBy(asc(userDailyStats.day));
      if (stored.length === 0) return [];
      const credited = await orm
        .select()
        .from(powCredits)
        .where(and(eq(powCredits.userId, userId), inArray(powCredits.day, stored.map((s) => s.day))));
      return stored.map((s) => ({ day: s.day, stored: Number(s.sumDiff), credited: Number(credited.find((c) => c.day === s.day)?.diff ?? 0) }));
    },

    async addPowCredit(userId, day, diff) {
      await orm
        .insert(powCredits)
        .values({ userId, day, diff })
        .onConflictDoUpdate({ target: [powCredits.userId, powCredits.day], set: { diff: sql`${powCredits.diff} + ${diff}` } });
    },
  };
}

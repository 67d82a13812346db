// SocialRepo, written once for both engines (see conn.ts).
import { and, asc, count, countDistinct, eq, gte, inArray, sql, sum } from "drizzle-orm";
import type { CoopStatsRow, SocialRepo } from "../repos.ts";
import type { Conn } from "./conn.ts";

/** Found blocks that count (the node did not refuse them), as in the game's rules. */
const COUNTED_BLOCKS = ["submitted", "accepted", "confirmed"];

export function socialRepo(c: Conn): SocialRepo {
  const { orm, t } = c;
  const { cooperatives: co, cooperativeMembers: cm, users, userDailyStats: uds, workers, shareMinutes: sm, blocks, userSettings } = t;
  return {
    insertCoop: (row) =>
      orm
        .insert(co)
        .values(row)
        .returning()
        .then((r) => r[0]!),
    findCoop: (id) =>
      orm
        .select()
        .from(co)
        .where(eq(co.id, id))
        .then((r) => r[0]),
    findCoopByInvite: (code) =>
      orm
        .select()
        .from(co)
        .where(eq(co.inviteCode, code))
        .then((r) => r[0]),
    updateCoop: (id, patch) =>
      orm
        .update(co)
        .set(patch)
        .where(eq(co.id, id))
        .returning()
        .then((r) => r[0]),
    deleteCoop: (id) =>
      orm
        .delete(co)
        .where(eq(co.id, id))
        .returning({ id: co.id })
        .then((r) => r.length > 0),
    listCoops: () => orm.select().from(co).orderBy(asc(co.id)),
    insertMember: (row) =>
      orm
        .insert(cm)
        .values(row)
        .onConflictDoNothing()
        .returning({ id: cm.userId })
        .then((r) => r.length > 0),
    findMembership: (userId) =>
      orm
        .select()
        .from(cm)
        .where(eq(cm.userId, userId))
        .then((r) => r[0]),
    listMembers: (cooperativeId) =>
      orm
        .select({
          cooperativeId: cm.cooperativeId, userId: cm.userId, role: cm.role, joinedAt: cm.joinedAt,
          displayName: users.displayName, btcAddress: users.btcAddress, showProfile: userSettings.privacyShowProfile,
        })
        .from(cm)
        .innerJoin(users, eq(users.id, cm.userId))
        .leftJoin(userSettings, eq(userSettings.userId, users.id))
        .where(eq(cm.cooperativeId, cooperativeId))
        .orderBy(sql`CASE ${cm.role} WHEN 'founder' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END`, asc(cm.joinedAt), asc(cm.userId))
        .then((r) => r.map((x) => ({ ...x, showProfile: x.showProfile !== false }))),
    setRole: (cooperativeId, userId, role) =>
      orm
        .update(cm)
        .set({ role })
        .where(and(eq(cm.cooperativeId, cooperativeId), eq(cm.userId, userId)))
        .returning({ id: cm.userId })
        .then((r) => r.length > 0),
    removeMember: (cooperativeId, userId) =>
      orm
        .delete(cm)
        .where(and(eq(cm.cooperativeId, cooperativeId), eq(cm.userId, userId)))
        .returning({ id: cm.userId })
        .then((r) => r.length > 0),
    async coopStats(sinceMinute) {
      const members = await orm.select({ id: cm.cooperativeId, n: count() }).from(cm).groupBy(cm.cooperativeId);
      const shares = await orm
        .select({ id: cm.cooperativeId, n: sum(uds.acceptedShares) })
        .from(cm)
        .innerJoin(uds, eq(uds.userId, cm.userId))
        .groupBy(cm.cooperativeId);
      const recent = await orm
        .select({ id: cm.cooperativeId, d: sum(sm.sumDiff) })
        .from(cm)
        .innerJoin(workers, eq(workers.userId, cm.userId))
        .innerJoin(sm, and(eq(sm.workerId, workers.id), gte(sm.minute, sinceMinute)))
        .groupBy(cm.cooperativeId);
      const found = await orm
        .select({ id: cm.cooperativeId, n: countDistinct(blocks.hash) })
        .from(cm)
        .innerJoin(blocks, and(eq(blocks.userId, cm.userId), inArray(blocks.status, COUNTED_BLOCKS)))
        .groupBy(cm.cooperativeId);
      const by = (rows: { id: number }[], pick: (r: never) => unknown) => new Map(rows.map((r) => [r.id, Number(pick(r as never) ?? 0)]));
      const s = by(shares, (r: { n: unknown }) => r.n);
      const d = by(recent, (r: { d: unknown }) => r.d);
      const b = by(found, (r: { n: unknown }) => r.n);
      return members.map((m): CoopStatsRow => ({ cooperativeId: m.id, members: Number(m.n), acceptedShares: s.get(m.id) ?? 0, recentSumDiff: d.get(m.id) ?? 0, blocks: b.get(m.id) ?? 0 }));
    },
  };
}

// CompeteRepo, written once for both engines (see conn.ts).
import { and, asc, desc, eq, gte, lt, ne, sum } from "drizzle-orm";
import type { CompeteRepo } from "../repos.ts";
import type { Conn } from "./conn.ts";

export function competeRepo(c: Conn): CompeteRepo {
  const { orm, t } = c;
  const { competitions: co, competitionTransitions: tr, competitionRegistrations: reg, competitionTeams: teams, competitionMatches: m, workers, shareHours: sh } = t;
  return {
    insertCompetition: (row) =>
      orm
        .insert(co)
        .values(row)
        .returning()
        .then((r) => r[0]!),
    findCompetition: (id) =>
      orm
        .select()
        .from(co)
        .where(eq(co.id, id))
        .then((r) => r[0]),
    listCompetitions: (limit) => orm.select().from(co).orderBy(desc(co.id)).limit(limit),
    listOpen: () => orm.select().from(co).where(ne(co.status, "completed")).orderBy(asc(co.id)),
    moveStatus: (id, from, to, patch = {}) =>
      orm
        .update(co)
        .set({ status: to, ...patch })
        .where(and(eq(co.id, id), eq(co.status, from)))
        .returning({ id: co.id })
        .then((r) => r.length > 0),
    async insertTransition(row) {
      await orm.insert(tr).values(row);
    },
    listTransitions: (competitionId) => orm.select().from(tr).where(eq(tr.competitionId, competitionId)).orderBy(asc(tr.id)),
    insertRegistration: (row) =>
      orm
        .insert(reg)
        .values(row)
        .onConflictDoNothing()
        .returning({ id: reg.userId })
        .then((r) => r.length > 0),
    findRegistration: (competitionId, userId) =>
      orm
        .select()
        .from(reg)
        .where(and(eq(reg.competitionId, competitionId), eq(reg.userId, userId)))
        .then((r) => r[0]),
    listRegistrations: (competitionId) => orm.select().from(reg).where(eq(reg.competitionId, competitionId)).orderBy(asc(reg.registeredAt), asc(reg.userId)),
    async insertTeams(rows) {
      if (rows.length) await orm.insert(teams).values(rows).onConflictDoNothing();
    },
    listTeams: (competitionId) => orm.select().from(teams).where(eq(teams.competitionId, competitionId)).orderBy(asc(teams.seed)),
    async upsertMatches(rows) {
      for (const r of rows) {
        const { competitionId: _c, matchKey: _k, ...changing } = r;
        await orm.insert(m).values(r).onConflictDoUpdate({ target: [m.competitionId, m.matchKey], set: changing });
      }
    },
    listMatches: (competitionId) => orm.select().from(m).where(eq(m.competitionId, competitionId)).orderBy(asc(m.startsAt), asc(m.matchKey)),
    countryHourDiff: (competitionId, fromHour, toHour) =>
      orm
        .select({ countryCode: reg.countryCode, hour: sh.hour, sumDiff: sum(sh.sumDiff) })
        .from(reg)
        .innerJoin(workers, eq(workers.userId, reg.userId))
        .innerJoin(sh, and(eq(sh.workerId, workers.id), gte(sh.hour, fromHour), lt(sh.hour, toHour)))
        .where(eq(reg.competitionId, competitionId))
        .groupBy(reg.countryCode, sh.hour)
        .orderBy(asc(reg.countryCode), asc(sh.hour))
        .then((r) => r.map((x) => ({ countryCode: x.countryCode, hour: Number(x.hour), sumDiff: Number(x.sumDiff ?? 0) }))),
  };
}

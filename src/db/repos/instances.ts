// InstancesRepo, written once for both engines (see conn.ts).
import { and, asc, countDistinct, count, eq, gte, lt, or, sql } from "drizzle-orm";
import type { InstancesRepo } from "../repos.ts";
import type { Conn } from "./conn.ts";

export function instancesRepo(c: Conn): InstancesRepo {
  const { orm, t } = c;
  const { instances, workers } = t;
  return {
    async heartbeat(row, at) {
      const values = { ...row, heartbeatAt: at };
      const { id: _id, startedAt: _s, ...changing } = values;
      await orm.insert(instances).values(values).onConflictDoUpdate({ target: instances.id, set: changing });
    },

    listLive: (since) => orm.select().from(instances).where(gte(instances.heartbeatAt, since)).orderBy(asc(instances.startedAt), asc(instances.id)),

    deleteStale: (before) =>
      orm
        .delete(instances)
        .where(lt(instances.heartbeatAt, before))
        .returning({ id: instances.id })
        .then((r) => r.length),

    async remove(id) {
      await orm.delete(instances).where(eq(instances.id, id));
    },

    async onlineCounts(activeSince) {
      const since = sql`cast(${activeSince} as bigint)`;
      const [row] = await orm
        .select({ miners: countDistinct(workers.userId), workers: count() })
        .from(workers)
        .where(and(eq(workers.isOnline, true), or(gte(workers.lastShareAt, since), gte(workers.connectedAt, since))));
      return { miners: Number(row?.miners ?? 0), workers: Number(row?.workers ?? 0) };
    },
  };
}

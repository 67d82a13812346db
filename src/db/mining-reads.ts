// The read side of the mining tables as an engine-independent async interface: exactly the
// methods of ./mining-queries.ts (SQLite, synchronous, what callers use today), each returning
// a promise. ./pg-mining-queries.ts implements it for PostgreSQL; sqliteMiningReads wraps the
// SQLite class until its callers move to this interface.
import type { Db } from "./client.ts";
import { MiningQueries } from "./mining-queries.ts";

export type MiningReads = {
  [K in keyof MiningQueries]: MiningQueries[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;
};

export function sqliteMiningReads(db: Db): MiningReads {
  const q = new MiningQueries(db);
  const out: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(MiningQueries.prototype)) {
    if (name === "constructor" || name === "q") continue;
    const fn = (q as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
    out[name] = async (...args: unknown[]) => fn.apply(q, args);
  }
  return out as MiningReads;
}

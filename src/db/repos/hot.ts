// Hot-path statements built once. drizzle spends tens of microseconds turning a query builder
// into SQL and parameters, which is most of a tap batch's cost (bench/tokens.ts). On SQLite one
// connection serves every transaction (they are BEGIN/SAVEPOINT on it), so a query prepared
// once with placeholders is valid inside any of them and only its values change. On PostgreSQL
// each transaction runs on its own pooled connection, so there the query is built per call as
// before (the driver caches the statement text itself).
import { is, sql, type Placeholder } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { QueryOrm } from "./conn.ts";

type Prepared = { execute(values: Record<string, unknown>): Promise<unknown> };
type Built = PromiseLike<unknown> & { prepare(name: string): unknown };

const cache = new WeakMap<object, Map<string, Prepared>>();

/** A placeholder per name, typed as anything so it fits the builders' value slots. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Ph = (name: string) => any;
const ph: Ph = (name) => sql.placeholder(name) as Placeholder;

/**
 * Runs the query `build` makes with `values`: on SQLite prepared once per connection and `key`
 * (`build` gets placeholders), on PostgreSQL built with the values themselves.
 */
export function hot<R>(orm: QueryOrm, key: string, values: Record<string, unknown>, build: (v: Ph) => Built): Promise<R> {
  if (is((orm as unknown as { dialect: unknown }).dialect, PgDialect)) return build((name) => values[name]) as unknown as Promise<R>;
  let stmts = cache.get(orm);
  if (!stmts) cache.set(orm, (stmts = new Map()));
  let p = stmts.get(key);
  // SQLite's builders take no statement name (the PostgreSQL types above ask for one).
  if (!p) stmts.set(key, (p = (build(ph) as unknown as { prepare(): Prepared }).prepare()));
  return p.execute(values) as Promise<R>;
}

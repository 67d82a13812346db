// The repositories on PostgreSQL: drizzle's transactions (savepoints when nested) on the pool.
import { sql, type AnyColumn } from "drizzle-orm";
import type { PgDb } from "../postgres.ts";
import type { Repos } from "../repos.ts";
import * as pg from "../schema-pg/index.ts";
import type { Conn, Dialect, QueryOrm } from "./conn.ts";
import { makeRepos } from "./make.ts";

const dialect: Dialect = {
  // PostgreSQL's LIKE is case-sensitive (SQLite's is not for ASCII): ILIKE matches SQLite.
  containsIgnoringCase: (column: AnyColumn, pattern: string) => sql`${column} ILIKE ${pattern} ESCAPE '\\'`,
};

function conn(orm: QueryOrm): Conn {
  return {
    orm,
    t: pg,
    dialect,
    tx: (fn) => orm.transaction((tx) => fn(conn(tx as unknown as QueryOrm))),
  };
}

export function postgresRepos(db: PgDb): Repos {
  return makeRepos("postgres", conn(db.orm as unknown as QueryOrm));
}

// What the shared query code runs on: a drizzle query surface, the engine's tables, the few
// things the dialects spell differently, and a way to open a transaction.
//
// The query code is written once against drizzle's PostgreSQL builder types. SQLite's builder
// has the same methods with the same meaning (await runs the query; select/returning resolve
// to arrays), so the SQLite engine passes its own drizzle instance and its own tables (which
// map booleans and other values for SQLite) behind these types. rows.ts checks at compile time
// that both engines' tables infer the same row shapes.
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { AnyColumn } from "drizzle-orm";
import type * as pg from "../schema-pg/index.ts";

export type Tables = typeof pg;
export type QueryOrm = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

export interface Dialect {
  /** `column` contains `text` (already escaped for LIKE with `\`), ignoring case. */
  containsIgnoringCase(column: AnyColumn, pattern: string): SQL;
}

export interface Conn {
  orm: QueryOrm;
  t: Tables;
  dialect: Dialect;
  /** Runs `fn` in a transaction (a savepoint when already in one). */
  tx<T>(fn: (c: Conn) => Promise<T>): Promise<T>;
}

/** `%text%` with LIKE's wildcards and the escape character escaped. */
export const likeContains = (text: string) => `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

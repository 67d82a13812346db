// Multi-row writes of a game chunk (game/chunk.ts) with the rows passed as ONE JSON parameter
// and unpacked by the database (json_each on SQLite, json_array_elements on PostgreSQL). A
// chunk writes thousands of rows; drizzle's insert builder spends ~10 µs per bound value
// turning them into parameters (bench/game.ts profiled it at most of a cold batch's time),
// while one JSON text costs a JSON.stringify. Column names and SQL types come from the
// engine's own table, so one function serves both.
import { getTableColumns, getTableName, is, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { PgDialect, type PgTable } from "drizzle-orm/pg-core";
import type { QueryOrm } from "./conn.ts";

export const isPg = (orm: QueryOrm) => is((orm as unknown as { dialect: unknown }).dialect, PgDialect);
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * INSERT INTO table (keys…) SELECT … FROM the JSON rows `onConflict` RETURNING `returning`
 * (database column names); the returned rows are keyed by those column names, values as the
 * driver gives them (callers convert).
 */
export async function insertJsonRows(
  orm: QueryOrm, table: PgTable, keys: string[], rows: Record<string, unknown>[], onConflict: (col: (key: string) => string) => string, returning: string[] = [],
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const cols = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const col = (k: string) => {
    const c = cols[k];
    if (!c) throw new Error(`${getTableName(table)} has no column ${k}`);
    return c;
  };
  const pg = isPg(orm);
  const names = keys.map((k) => q(col(k).name)).join(", ");
  const values = keys.map((k, i) => `CAST(value->>${i} AS ${col(k).getSQLType()})`).join(", ");
  const json = JSON.stringify(rows.map((r) => keys.map((k) => r[k] ?? null)));
  // PostgreSQL: the parameter typed text (a json-typed one would be JSON-encoded again by the driver).
  const from = pg ? sql`json_array_elements(CAST(CAST(${json} AS text) AS json)) AS j(value)` : sql`json_each(${json})`;
  // `WHERE true`: SQLite needs it to read ON CONFLICT after INSERT … SELECT as an upsert.
  const tail = `WHERE true ${onConflict((k) => q(col(k).name))}${returning.length > 0 ? ` RETURNING ${returning.map(q).join(", ")}` : ""}`;
  const stmt: SQL = sql`INSERT INTO ${sql.raw(q(getTableName(table)))} (${sql.raw(names)}) SELECT ${sql.raw(values)} FROM ${from} ${sql.raw(tail)}`;
  if (pg) return [...((await orm.execute(stmt)) as unknown as Record<string, unknown>[])];
  return (orm as unknown as { all(s: SQL): Promise<Record<string, unknown>[]> }).all(stmt);
}

/**
 * `column IN ids` with the ids as one parameter: the statement's text is the same for any
 * number of ids, so each connection prepares it once (an IN list of n parameters is a new
 * statement for every n, and n bound values for drizzle to build).
 */
export function inIds(orm: QueryOrm, column: AnyColumn, ids: number[]): SQL {
  const ints = ids.map((id) => Math.trunc(id));
  if (isPg(orm)) return sql`${column} = ANY(CAST(CAST(${`{${ints.join(",")}}`} AS text) AS integer[]))`;
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ints)}))`;
}

/** `column IN texts` with the texts as one JSON parameter (see inIds). */
export function inTexts(orm: QueryOrm, column: AnyColumn, texts: string[]): SQL {
  const json = JSON.stringify(texts);
  if (isPg(orm)) return sql`${column} IN (SELECT value FROM json_array_elements_text(CAST(CAST(${json} AS text) AS json)) AS j(value))`;
  return sql`${column} IN (SELECT value FROM json_each(${json}))`;
}

// Both engines must hold the same tables, columns, nullability, primary keys and indexes: read
// from live databases after their own migrations, so a column added to one schema folder and
// forgotten in the other (or a migration not generated) fails here.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freshPostgresUrl } from "../../test/postgres.ts";
import { openDatabase } from "./client.ts";
import { openPostgres, type PgDb } from "./postgres.ts";

interface Shape {
  /** table -> column -> "null" | "not null" */
  columns: Record<string, Record<string, string>>;
  primaryKeys: Record<string, string[]>;
  /** index name -> "table(col, …) unique?" */
  indexes: Record<string, string>;
}

const MIGRATIONS_TABLE = "__tbg_migrations";

function sqliteShape(): Shape {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "tbg-parity-")), "tbg.sqlite"));
  const shape: Shape = { columns: {}, primaryKeys: {}, indexes: {} };
  const tables = db.sqlite
    .query<{ name: string }, []>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '${MIGRATIONS_TABLE}'`)
    .all();
  for (const { name } of tables) {
    const cols = db.sqlite.query<{ name: string; notnull: number; pk: number }, []>(`SELECT name, "notnull", pk FROM pragma_table_info('${name}')`).all();
    // SQLite lets a primary key column be null unless declared NOT NULL; PostgreSQL never does.
    shape.columns[name] = Object.fromEntries(cols.map((c) => [c.name, c.notnull || c.pk ? "not null" : "null"]));
    shape.primaryKeys[name] = cols
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const idx = db.sqlite.query<{ name: string; unique: number; origin: string }, []>(`SELECT name, "unique", origin FROM pragma_index_list('${name}')`).all();
    for (const i of idx.filter((i) => i.origin === "c")) {
      const on = db.sqlite.query<{ name: string }, []>(`SELECT name FROM pragma_index_info('${i.name}') ORDER BY seqno`).all();
      shape.indexes[i.name] = `${name}(${on.map((c) => c.name).join(", ")})${i.unique ? " unique" : ""}`;
    }
  }
  db.close();
  return shape;
}

async function postgresShape(db: PgDb): Promise<Shape> {
  const shape: Shape = { columns: {}, primaryKeys: {}, indexes: {} };
  const cols: { table_name: string; column_name: string; is_nullable: string }[] = await db.sql`
    SELECT c.table_name, c.column_name, c.is_nullable FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
    WHERE c.table_schema = 'public' AND c.table_name <> ${MIGRATIONS_TABLE}`;
  for (const c of cols) (shape.columns[c.table_name] ??= {})[c.column_name] = c.is_nullable === "YES" ? "null" : "not null";
  const pks: { table_name: string; column_name: string }[] = await db.sql`
    SELECT tc.table_name, k.column_name FROM information_schema.table_constraints tc
    JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
    WHERE tc.table_schema = 'public' AND tc.constraint_type = 'PRIMARY KEY' AND tc.table_name <> ${MIGRATIONS_TABLE}
    ORDER BY tc.table_name, k.ordinal_position`;
  for (const table of Object.keys(shape.columns)) shape.primaryKeys[table] = [];
  for (const p of pks) shape.primaryKeys[p.table_name]!.push(p.column_name);
  const idx: { index: string; table: string; cols: string; uniq: boolean }[] = await db.sql`
    SELECT i.relname AS index, t.relname AS table, x.indisunique AS uniq,
      (SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS cols
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND NOT x.indisprimary AND t.relname <> ${MIGRATIONS_TABLE}`;
  for (const i of idx) shape.indexes[i.index] = `${i.table}(${i.cols})${i.uniq ? " unique" : ""}`;
  return shape;
}

let pg: PgDb | null = null;
afterAll(() => pg?.close());

test("SQLite and PostgreSQL hold the same tables, columns, keys and indexes", async () => {
  pg = await openPostgres(await freshPostgresUrl("parity"));
  const lite = sqliteShape();
  const post = await postgresShape(pg);
  expect(Object.keys(post.columns).sort()).toEqual(Object.keys(lite.columns).sort());
  expect(Object.keys(lite.columns).length).toBeGreaterThan(15);
  for (const table of Object.keys(lite.columns)) {
    expect({ table, columns: post.columns[table] }).toEqual({ table, columns: lite.columns[table]! });
    expect({ table, pk: post.primaryKeys[table] }).toEqual({ table, pk: lite.primaryKeys[table]! });
  }
  expect(post.indexes).toEqual(lite.indexes);
});

// The storage engine a test runs on: a SQLite file in a temp dir by default, or — with
// TBG_TEST_DATABASE=postgres — a fresh database on the private PostgreSQL test server
// (./postgres.ts). Every test that opens storage goes through here, so the one suite runs on
// either engine; `.ci/run` runs it once each way. Tests that are inherently SQLite (WAL, integrity
// checks, read-only files) open their own file and say so.
//
// The databases handed out here are already migrated — a copy of one database migrated once per
// process (./migrated-sqlite.ts; on PostgreSQL a template database, ./postgres.ts) — so opening
// them finds nothing to apply. Tests of migrating itself open empty ones of their own.
import { openStorage, type Storage } from "../src/db/storage.ts";
import { freshSqlitePath } from "./migrated-sqlite.ts";
import { freshMigratedPostgresUrl } from "./postgres.ts";

export type TestEngine = "sqlite" | "postgres";

export const TEST_ENGINE: TestEngine = process.env.TBG_TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
if (process.env.TBG_TEST_DATABASE && !["sqlite", "postgres"].includes(process.env.TBG_TEST_DATABASE))
  throw new Error(`TBG_TEST_DATABASE=${process.env.TBG_TEST_DATABASE}: expected sqlite or postgres`);

/** A fresh, migrated database: a new SQLite file, or a new PostgreSQL database. `label` names it. */
export async function openTestStorage(label = "t", engine: TestEngine = TEST_ENGINE): Promise<Storage> {
  return openStorage(await testDatabaseTarget(label, engine), { postgres: { max: 4 } });
}

/** A fresh migrated database's target for openStorage: a file path in a new temp dir, or a postgres:// URL. */
export async function testDatabaseTarget(label = "t", engine: TestEngine = TEST_ENGINE): Promise<string> {
  if (engine === "postgres") return freshMigratedPostgresUrl(label);
  return freshSqlitePath(label);
}

/**
 * Environment for a test that starts the real server (startServer, `bun src/main.ts`): on
 * PostgreSQL, TBG_DATABASE_URL of a fresh database; on SQLite nothing (the data dir's file).
 */
export async function testDatabaseEnv(label = "t", engine: TestEngine = TEST_ENGINE): Promise<Record<string, string>> {
  return engine === "postgres" ? { TBG_DATABASE_URL: await freshMigratedPostgresUrl(label) } : {};
}

/**
 * Runs SQL on either engine and returns plain rows, for tests that check what was stored.
 * Write it with `?` placeholders; PostgreSQL's bigint/numeric come back as numbers and its
 * booleans as 1/0, as SQLite answers.
 */
export async function testQuery<T = Record<string, number | string | null>>(storage: Storage, text: string, args: unknown[] = []): Promise<T[]> {
  if (storage.engine === "sqlite") return storage.sqlite.sqlite.query(text).all(...(args as never[])) as T[];
  let n = 0;
  const result = await storage.pg.sql.unsafe(text.replace(/\?/g, () => `$${++n}`), args);
  const numeric = new Set((result.columns as { name: string; type: number }[]).filter((c) => c.type === 20 || c.type === 1700).map((c) => c.name));
  return ([...result] as Record<string, unknown>[]).map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === "boolean" ? Number(v) : numeric.has(k) && v !== null ? Number(v) : v;
    return out as T;
  });
}

/** The first row of testQuery. */
export async function testQueryOne<T = Record<string, number | string | null>>(storage: Storage, text: string, args: unknown[] = []): Promise<T> {
  return (await testQuery<T>(storage, text, args))[0]!;
}

/**
 * Makes the database refuse `op` on `table` with `message`, as a full disk or a read-only file
 * would (a trigger on either engine: the failure is the database's own). Returns the undo.
 */
export async function refuse(storage: Storage, table: string, op: "INSERT" | "UPDATE", message: string): Promise<() => Promise<void>> {
  const name = `refuse_${table}_${op.toLowerCase()}`;
  if (storage.engine === "sqlite") {
    storage.sqlite.sqlite.run(`CREATE TRIGGER ${name} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${message.replace(/'/g, "''")}'); END`);
    return async () => void storage.sqlite.sqlite.run(`DROP TRIGGER ${name}`);
  }
  const sql = storage.pg.sql;
  await sql.unsafe(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message.replace(/'/g, "''")}'; END $$`);
  await sql.unsafe(`CREATE TRIGGER ${name} BEFORE ${op} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  return async () => {
    await sql.unsafe(`DROP TRIGGER ${name} ON ${table}`);
    await sql.unsafe(`DROP FUNCTION ${name}()`);
  };
}

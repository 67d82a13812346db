// The storage a test that runs the application works on, chosen in one place for every such
// test: TBG_TEST_DATABASE=postgres gives a fresh database on the private PostgreSQL test server
// (test/postgres.ts), anything else (unset, or "sqlite") a SQLite file in a temp dir. Run a
// file on both: `bun test FILE` and `TBG_TEST_DATABASE=postgres bun test FILE`.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStorage, type Storage } from "../src/db/storage.ts";
import { freshPostgresUrl } from "./postgres.ts";

export type TestEngine = "sqlite" | "postgres";

/** The engine this test run uses (TBG_TEST_DATABASE); a value it does not know is an error, not SQLite. */
export function testEngine(): TestEngine {
  const v = (process.env.TBG_TEST_DATABASE ?? "").trim().toLowerCase();
  if (v === "" || v === "sqlite") return "sqlite";
  if (v === "postgres" || v === "postgresql") return "postgres";
  throw new Error(`TBG_TEST_DATABASE=${JSON.stringify(process.env.TBG_TEST_DATABASE)} is invalid: expected sqlite or postgres`);
}

/**
 * Where a new test storage lives: a SQLite file (`dir`/tbg.sqlite when `dir` is given, e.g. the
 * test's data dir, else a new temp dir) or the URL of a fresh PostgreSQL database named after
 * `label`. openStorage(target) opens it again (a restart).
 */
export async function testStorageTarget(label: string, opts: { dir?: string } = {}): Promise<string> {
  if (testEngine() === "postgres") return freshPostgresUrl(label);
  return join(opts.dir ?? mkdtempSync(join(tmpdir(), `tbg-${label.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 24)}-`)), "tbg.sqlite");
}

export type TestStorage = Storage & {
  /** The file or URL: openTestStorageAt(target) reopens the same data (a restart). */
  target: string;
};

/** Fresh, migrated storage on the engine of this run. */
export async function openTestStorage(label: string, opts: { dir?: string } = {}): Promise<TestStorage> {
  return openTestStorageAt(await testStorageTarget(label, opts));
}

/** The storage at `target` (from an earlier openTestStorage), opened again. */
export async function openTestStorageAt(target: string): Promise<TestStorage> {
  // A small pool: many test files each keep a storage open on the one test server.
  const storage = await openStorage(target, { postgres: { max: 4 } });
  return Object.assign(storage, { target });
}

/**
 * Runs raw SQL on either engine, for a test's look at rows no repository hands out. Write it in
 * the SQL both engines speak; `$1`-style parameters on both (SQLite takes them by position too).
 * Booleans come back as 0/1 from SQLite and true/false from PostgreSQL, and a count is a bigint
 * on PostgreSQL: CAST(count(*) AS INTEGER) gives a number on both.
 */
export async function testQuery<T = Record<string, unknown>>(storage: Storage, text: string, params: (string | number | null)[] = []): Promise<T[]> {
  if (storage.engine === "sqlite") return storage.sqlite.sqlite.query(text.replace(/\$(\d+)/g, "?$1")).all(...params) as T[];
  return (await storage.pg.sql.unsafe(text, params)) as T[];
}

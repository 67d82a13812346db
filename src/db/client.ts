// Opens the SQLite database with the settings every part relies on: WAL so readers never wait
// for the writer, a busy timeout instead of SQLITE_BUSY errors, foreign keys enforced.
import { Database } from "bun:sqlite";
import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import { dirname } from "node:path";
import { mkdirSync } from "node:fs";
import * as schema from "./schema/index.ts";
import { migrate, type MigrateResult } from "./migrate.ts";

export type Orm = BunSQLiteDatabase<typeof schema>;

export interface Db {
  sqlite: Database;
  orm: Orm;
  /** True while the database answers a trivial query. */
  ping(): boolean;
  close(): void;
}

export const BUSY_TIMEOUT_MS = 5000;

export function openDatabase(path: string, opts: { migrate?: boolean } = {}): Db & { migrated: MigrateResult | null } {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { create: true, strict: true });
  sqlite.run("PRAGMA journal_mode = WAL");
  sqlite.run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.run("PRAGMA foreign_keys = ON");
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the
  // last transactions, which batching already bounds.
  sqlite.run("PRAGMA synchronous = NORMAL");
  const migrated = opts.migrate === false ? null : migrate(sqlite);
  const orm = drizzle(sqlite, { schema });
  let closed = false;
  return {
    sqlite,
    orm,
    migrated,
    ping() {
      if (closed) return false;
      try {
        return sqlite.query("SELECT 1 AS one").get() !== null;
      } catch {
        return false;
      }
    },
    close() {
      if (closed) return;
      closed = true;
      sqlite.close();
    },
  };
}

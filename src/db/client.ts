// Opens the application's database: a connection with the common settings (./sqlite.ts), the
// migrations applied, and the drizzle ORM over it.
import type { Database } from "bun:sqlite";
import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import * as schema from "./schema/index.ts";
import { migrate, type MigrateResult } from "./migrate.ts";
import { statSync } from "node:fs";
import { assertIntact, assertWritable, checkpoint, openSqlite, type CheckpointResult, type StartCheck } from "./sqlite.ts";

export type Orm = BunSQLiteDatabase<typeof schema>;

export interface Db {
  /** The file (other connections, like the mining writer thread, open it too). */
  path: string;
  sqlite: Database;
  orm: Orm;
  /** True while the database answers a trivial query. */
  ping(): boolean;
  /** Merges the WAL into the main file (on clean shutdown, once the writer thread has closed). */
  checkpoint(): Promise<CheckpointResult>;
  close(): void;
}

/**
 * `verify` (the server and `tbg migrate`): refuse a damaged database (PRAGMA quick_check) and one
 * that cannot be written, before anything runs on it; both throw a DatabaseProblem naming the
 * path and what to do.
 */
export function openDatabase(
  path: string,
  opts: { migrate?: boolean; verify?: boolean } = {},
): Db & { migrated: MigrateResult | null; checked: StartCheck | null } {
  const sqlite = openSqlite(path);
  let migrated: MigrateResult | null;
  let checked: StartCheck | null = null;
  try {
    if (opts.verify) {
      checked = assertIntact(sqlite, path, path === ":memory:" ? 0 : statSync(path).size);
      assertWritable(sqlite, path);
    }
    migrated = opts.migrate === false ? null : migrate(sqlite);
  } catch (err) {
    sqlite.close();
    throw err;
  }
  const orm = drizzle(sqlite, { schema });
  let closed = false;
  return {
    path,
    sqlite,
    orm,
    migrated,
    checked,
    ping() {
      if (closed) return false;
      try {
        return sqlite.query("SELECT 1 AS one").get() !== null;
      } catch {
        return false;
      }
    },
    checkpoint: () => checkpoint(sqlite, path),
    close() {
      if (closed) return;
      closed = true;
      sqlite.close();
    },
  };
}

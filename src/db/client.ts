// Opens the application's database: a connection with the common settings (./sqlite.ts), the
// migrations applied, and the drizzle ORM over it.
import type { Database } from "bun:sqlite";
import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import * as schema from "./schema/index.ts";
import { migrate, type MigrateResult } from "./migrate.ts";
import { openSqlite } from "./sqlite.ts";

export type Orm = BunSQLiteDatabase<typeof schema>;

export interface Db {
  /** The file (other connections, like the mining writer thread, open it too). */
  path: string;
  sqlite: Database;
  orm: Orm;
  /** True while the database answers a trivial query. */
  ping(): boolean;
  close(): void;
}

export function openDatabase(path: string, opts: { migrate?: boolean } = {}): Db & { migrated: MigrateResult | null } {
  const sqlite = openSqlite(path);
  const migrated = opts.migrate === false ? null : migrate(sqlite);
  const orm = drizzle(sqlite, { schema });
  let closed = false;
  return {
    path,
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

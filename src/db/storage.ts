// One entry point for either engine: a SQLite file by default, PostgreSQL when the configured
// database URL is postgres://… . What it hands out is engine-independent (async repositories
// and mining reads); the engine's own handle stays reachable for the parts that still need it
// (the SQLite connection callers use synchronously today, the WAL checkpoint at shutdown).
import { openDatabase, type Db } from "./client.ts";
import type { MigrateResult } from "./migrate.ts";
import { sqliteMiningReads, type MiningReads } from "./mining-reads.ts";
import type { MiningWriterTarget } from "./mining-writer.ts";
import { PgMiningQueries } from "./pg-mining-queries.ts";
import { isPostgresUrl, openPostgres, type OpenPostgresOptions, type PgDb } from "./postgres.ts";
import type { Repos } from "./repos.ts";
import { postgresRepos } from "./repos/postgres.ts";
import { sqliteRepos } from "./repos/sqlite.ts";
import type { StartCheck } from "./sqlite.ts";

interface StorageBase {
  /** The file, or host:port/database: for logs, never a password. */
  where: string;
  repos: Repos;
  mining: MiningReads;
  /** What the mining writer thread opens for itself (its own connection to the same database). */
  writerTarget: MiningWriterTarget;
  migrated: MigrateResult | null;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export type SqliteStorage = StorageBase & { engine: "sqlite"; sqlite: Db; checked: StartCheck | null };
export type PostgresStorage = StorageBase & { engine: "postgres"; pg: PgDb };
export type Storage = SqliteStorage | PostgresStorage;

export interface OpenStorageOptions {
  migrate?: boolean;
  /** SQLite: refuse a damaged or read-only file before anything runs on it (see openDatabase). */
  verify?: boolean;
  postgres?: OpenPostgresOptions;
}

/** `target`: a SQLite file path, or a postgres:// URL. */
export async function openStorage(target: string, opts: OpenStorageOptions = {}): Promise<Storage> {
  if (isPostgresUrl(target)) {
    const pg = await openPostgres(target, { ...opts.postgres, migrate: opts.migrate });
    return {
      engine: "postgres",
      where: pg.where,
      pg,
      repos: postgresRepos(pg),
      mining: new PgMiningQueries(pg.sql),
      writerTarget: { engine: "postgres", url: target },
      migrated: pg.migrated,
      ping: () => pg.ping(),
      close: () => pg.close(),
    };
  }
  const db = openDatabase(target, { migrate: opts.migrate, verify: opts.verify });
  return {
    engine: "sqlite",
    where: db.path,
    sqlite: db,
    checked: db.checked,
    repos: sqliteRepos(db),
    mining: sqliteMiningReads(db),
    writerTarget: { engine: "sqlite", path: db.path },
    migrated: db.migrated,
    ping: async () => db.ping(),
    close: async () => db.close(),
  };
}

// One entry point for either engine: a SQLite file by default, PostgreSQL when the configured
// database URL is postgres://… . What it hands out is engine-independent (async repositories
// and mining reads); the engine's own handle stays reachable for the parts that still need it
// (the SQLite connection callers use synchronously today, the mining writer).
import { openDatabase, type Db } from "./client.ts";
import type { MigrateResult } from "./migrate.ts";
import { sqliteMiningReads, type MiningReads } from "./mining-reads.ts";
import { PgMiningQueries } from "./pg-mining-queries.ts";
import { isPostgresUrl, openPostgres, type OpenPostgresOptions, type PgDb } from "./postgres.ts";
import type { Repos } from "./repos.ts";
import { postgresRepos } from "./repos/postgres.ts";
import { sqliteRepos } from "./repos/sqlite.ts";

interface StorageBase {
  /** The file, or host:port/database: for logs, never a password. */
  where: string;
  repos: Repos;
  mining: MiningReads;
  migrated: MigrateResult | null;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export type Storage = (StorageBase & { engine: "sqlite"; sqlite: Db }) | (StorageBase & { engine: "postgres"; pg: PgDb });

/** `target`: a SQLite file path, or a postgres:// URL. */
export async function openStorage(target: string, opts: { migrate?: boolean; postgres?: OpenPostgresOptions } = {}): Promise<Storage> {
  if (isPostgresUrl(target)) {
    const pg = await openPostgres(target, { ...opts.postgres, migrate: opts.migrate });
    return {
      engine: "postgres",
      where: pg.where,
      pg,
      repos: postgresRepos(pg),
      mining: new PgMiningQueries(pg.sql),
      migrated: pg.migrated,
      ping: () => pg.ping(),
      close: () => pg.close(),
    };
  }
  const db = openDatabase(target, { migrate: opts.migrate });
  return {
    engine: "sqlite",
    where: db.path,
    sqlite: db,
    repos: sqliteRepos(db),
    mining: sqliteMiningReads(db),
    migrated: db.migrated,
    ping: async () => db.ping(),
    close: async () => db.close(),
  };
}

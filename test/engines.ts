// The storage engines a repository test runs against: a real SQLite file in a temp dir and a
// fresh database on the private PostgreSQL test server. One test file loops over these. Both
// come migrated (copies of a database migrated once per process), so opening applies nothing.
import { openDatabase } from "../src/db/client.ts";
import { openPostgres } from "../src/db/postgres.ts";
import type { Repos } from "../src/db/repos.ts";
import { postgresRepos } from "../src/db/repos/postgres.ts";
import { sqliteRepos } from "../src/db/repos/sqlite.ts";
import { freshSqlitePath } from "./migrated-sqlite.ts";
import { freshMigratedPostgresUrl } from "./postgres.ts";

export interface OpenedEngine {
  repos: Repos;
  /** Another Repos over the same connection(s), as a second part of the app would make. */
  another(): Repos;
  close(): Promise<void>;
}

export interface Engine {
  name: "sqlite" | "postgres";
  open(label: string): Promise<OpenedEngine>;
}

export const ENGINES: readonly Engine[] = [
  {
    name: "sqlite",
    async open() {
      const db = openDatabase(freshSqlitePath("repos"));
      return { repos: sqliteRepos(db), another: () => sqliteRepos(db), close: async () => db.close() };
    },
  },
  {
    name: "postgres",
    async open(label) {
      const db = await openPostgres(await freshMigratedPostgresUrl(label), { max: 4 });
      return { repos: postgresRepos(db), another: () => postgresRepos(db), close: () => db.close() };
    },
  },
];

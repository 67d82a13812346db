// Opens the application's PostgreSQL database (TBG_DATABASE_URL=postgres://…): a pool of
// connections through Bun's built-in client, the migrations applied, and drizzle over it.
// A server that cannot be reached fails start-up with one line naming its host, never the
// password the URL may carry.
import { SQL } from "bun";
import { drizzle, type BunSQLDatabase } from "drizzle-orm/bun-sql";
import type { MigrateResult } from "./migrate.ts";
import { migratePostgres } from "./pg-migrate.ts";
import { DatabaseProblem } from "./sqlite.ts";
import * as schema from "./schema-pg/index.ts";

export type PgOrm = BunSQLDatabase<typeof schema>;

export interface PgDb {
  engine: "postgres";
  /** host:port/database of the URL, for logs (no user, no password). */
  where: string;
  sql: SQL;
  orm: PgOrm;
  migrated: MigrateResult | null;
  /** True while the server answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenPostgresOptions {
  migrate?: boolean;
  /**
   * Pool size (default 20). A dashboard request sends about six reads at once, so a handful of
   * requests in flight already fill a pool of 10 and then queue in it (the 500 req/s bench: p99
   * 72 ms with 10, 6.5 ms with 20). PostgreSQL's default server limit is 100 connections for
   * every client together; the mining writer thread adds 2.
   */
  max?: number;
  /** Seconds to wait for a connection before giving up. */
  connectTimeout?: number;
}

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

/** host:port/database of a postgres URL, without credentials. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname.length > 1 ? u.pathname : ""}`;
  } catch {
    return "(unparseable URL)";
  }
}

export async function openPostgres(url: string, opts: OpenPostgresOptions = {}): Promise<PgDb> {
  const where = describePostgresUrl(url);
  const sql = new SQL(url, { max: opts.max ?? 20, connectionTimeout: opts.connectTimeout ?? 10 });
  try {
    await sql`SELECT 1`;
  } catch (err) {
    await sql.close().catch(() => {});
    // One line for the operator (src/main.ts prints a DatabaseProblem as is), never the password.
    throw new DatabaseProblem(where, `cannot connect to PostgreSQL at ${where}: ${reason(err, url)}`);
  }
  let migrated: MigrateResult | null = null;
  if (opts.migrate !== false) {
    try {
      migrated = await migratePostgres(sql);
    } catch (err) {
      await sql.close().catch(() => {});
      throw err;
    }
  }
  const orm = drizzle({ client: sql, schema });
  let closed = false;
  return {
    engine: "postgres",
    where,
    sql,
    orm,
    migrated,
    async ping() {
      if (closed) return false;
      try {
        const [row] = await sql`SELECT 1 AS one`;
        return row?.one === 1;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await sql.close();
    },
  };
}

/** The driver's reason on one line, with the URL's password cut out should it ever appear. */
function reason(err: unknown, url: string): string {
  const e = err as { message?: string; code?: string; errno?: string };
  let text = [e.code, e.message].filter(Boolean).join(" ") || String(err);
  try {
    const password = decodeURIComponent(new URL(url).password);
    if (password) text = text.split(password).join("***");
  } catch {
    // an unparseable URL has no password to hide
  }
  return text.replace(/\s+/g, " ").trim();
}

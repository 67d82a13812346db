// The PostgreSQL migration runner keeps the SQLite runner's promises, on a real server.
import { afterAll, describe, expect, test } from "bun:test";
import { SQL } from "bun";
import { join } from "node:path";
import { MIGRATION_SETS, readMigrationFolder, renderBundle } from "../../scripts/bundle-migrations.ts";
import { freshPostgresUrl, pgCluster } from "../../test/postgres.ts";
import { PG_MIGRATIONS } from "./migrations-pg.generated.ts";
import { migratePostgres } from "./pg-migrate.ts";
import { describePostgresUrl, openPostgres } from "./postgres.ts";

const opened: SQL[] = [];
const connect = (url: string) => {
  const sql = new SQL(url, { max: 4 });
  opened.push(sql);
  return sql;
};
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

const tables = async (sql: SQL) =>
  ((await sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`) as { table_name: string }[]).map(
    (r) => r.table_name,
  );

describe("postgres migrations", () => {
  test("the bundle in the binary is exactly the migrations/pg/ folder", async () => {
    const set = MIGRATION_SETS.find((s) => s.name === "PG_MIGRATIONS")!;
    const folder = readMigrationFolder(join(import.meta.dir, "..", "..", set.folder));
    expect(PG_MIGRATIONS).toEqual(folder);
    expect(await Bun.file(join(import.meta.dir, "..", "..", set.out)).text()).toBe(renderBundle(folder, set));
  });

  test("a new database is migrated at open; reopening applies nothing twice", async () => {
    const url = await freshPostgresUrl("open");
    const db = await openPostgres(url);
    expect(db.migrated!.applied).toEqual(PG_MIGRATIONS.map((m) => m.tag));
    expect(await tables(db.sql)).toEqual(expect.arrayContaining(["users", "workers", "shares", "__tbg_migrations"]));
    expect(await db.ping()).toBe(true);
    await db.close();
    expect(await db.ping()).toBe(false);
    const again = await openPostgres(url);
    expect(again.migrated!.applied).toEqual([]);
    const [{ n }] = await again.sql`SELECT count(*)::int AS n FROM __tbg_migrations`;
    expect(n).toBe(PG_MIGRATIONS.length);
    await again.close();
  });

  test("instances starting together apply each migration once", async () => {
    const url = await freshPostgresUrl("race");
    const results = await Promise.all([1, 2, 3].map(() => migratePostgres(connect(url))));
    expect(results.flatMap((r) => r.applied).sort()).toEqual(PG_MIGRATIONS.map((m) => m.tag).sort());
  });

  test("a database made by an older version migrates forward and keeps its data", async () => {
    const sql = connect(await freshPostgresUrl("forward"));
    await migratePostgres(sql, PG_MIGRATIONS.slice(0, 1));
    await sql`INSERT INTO users (btc_address) VALUES ('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')`;
    const later = [...PG_MIGRATIONS, { tag: "9999_later", sql: 'ALTER TABLE "users" ADD COLUMN "nickname" text;--> statement-breakpoint\nCREATE INDEX "users_nick_idx" ON "users" ("nickname");' }];
    const r = await migratePostgres(sql, later);
    expect(r.applied).toEqual(later.slice(1).map((m) => m.tag));
    expect([...(await sql`SELECT btc_address, nickname FROM users`)]).toEqual([
      { btc_address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", nickname: null },
    ]);
  });

  test("a failing migration changes nothing and is not recorded", async () => {
    const sql = connect(await freshPostgresUrl("broken"));
    await migratePostgres(sql);
    const broken = [...PG_MIGRATIONS, { tag: "9999_broken", sql: "CREATE TABLE t1 (a int);--> statement-breakpoint\nTHIS IS NOT SQL" }];
    await expect(migratePostgres(sql, broken)).rejects.toThrow();
    expect(await tables(sql)).not.toContain("t1");
    expect([...(await sql`SELECT 1 FROM __tbg_migrations WHERE tag = '9999_broken'`)]).toEqual([]);
  });

  test("a database from a newer version is refused, not damaged", async () => {
    const url = await freshPostgresUrl("newer");
    const sql = connect(url);
    await migratePostgres(sql, [...PG_MIGRATIONS, { tag: "9999_future", sql: "CREATE TABLE future (a int)" }]);
    await expect(openPostgres(url)).rejects.toThrow(/newer version.*9999_future/);
    expect(await tables(sql)).toContain("future");
  });

  test("an unreachable server fails with one line naming the host, never the password", async () => {
    const url = "postgres://tbg:s3cret-pw@127.0.0.1:1/tbg";
    const err = await openPostgres(url, { connectTimeout: 5 }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toStartWith("cannot connect to PostgreSQL at 127.0.0.1:1/tbg: ");
    expect(err?.message).not.toContain("s3cret-pw");
    expect(err?.message).not.toContain("\n");
    expect(describePostgresUrl("postgresql://a:b@db.lan:5433/pool?sslmode=require")).toBe("db.lan:5433/pool");
  });

  test("a database that does not exist is named in the one line", async () => {
    const { port } = await pgCluster();
    await expect(openPostgres(`postgres://postgres:pw@127.0.0.1:${port}/no_such_db`)).rejects.toThrow(
      new RegExp(`^cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port}/no_such_db: .*no_such_db.*does not exist$`),
    );
  });
});

import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readMigrationFolder, renderBundle } from "../../scripts/bundle-migrations.ts";
import { openDatabase } from "./client.ts";
import { migrate } from "./migrate.ts";
import { MIGRATIONS } from "./migrations.generated.ts";

const tmpFile = () => join(mkdtempSync(join(tmpdir(), "tbg-db-")), "tbg.sqlite");
const tables = (db: Database) =>
  db.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all().map((r) => r.name);

describe("migrations", () => {
  test("the bundle in the binary is exactly the migrations/sqlite/ folder", async () => {
    const folder = readMigrationFolder(join(import.meta.dir, "..", "..", "migrations", "sqlite"));
    expect(MIGRATIONS).toEqual(folder);
    expect(await Bun.file(join(import.meta.dir, "migrations.generated.ts")).text()).toBe(renderBundle(folder));
  });

  test("a new database is created, migrated, and set up for WAL and foreign keys", () => {
    const db = openDatabase(tmpFile());
    expect(db.migrated!.applied.length).toBe(MIGRATIONS.length);
    expect(tables(db.sqlite)).toContain("users");
    expect(tables(db.sqlite)).toContain("workers");
    expect(db.sqlite.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get()!.journal_mode).toBe("wal");
    expect(db.sqlite.query<{ foreign_keys: number }, []>("PRAGMA foreign_keys").get()!.foreign_keys).toBe(1);
    expect(db.sqlite.query<{ timeout: number }, []>("PRAGMA busy_timeout").get()!.timeout).toBe(5000);
    expect(() => db.sqlite.run("INSERT INTO workers (user_id, name) VALUES (999, 'x')")).toThrow(/FOREIGN KEY/);
    expect(db.ping()).toBe(true);
    db.close();
    expect(db.ping()).toBe(false);
  });

  test("reopening applies nothing twice", () => {
    const path = tmpFile();
    openDatabase(path).close();
    const again = openDatabase(path);
    expect(again.migrated!.applied).toEqual([]);
    expect(again.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM __tbg_migrations").get()!.n).toBe(MIGRATIONS.length);
    again.close();
  });

  test("a database made by an older version migrates forward and keeps its data", () => {
    const path = tmpFile();
    const old = new Database(path);
    migrate(old, MIGRATIONS.slice(0, 1)); // what the first release shipped
    old.run("INSERT INTO users (btc_address) VALUES ('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')");
    old.close();
    const later = [...MIGRATIONS, { tag: "9999_later", sql: "ALTER TABLE users ADD `nickname` text;--> statement-breakpoint\nCREATE INDEX `users_nick_idx` ON `users` (`nickname`);" }];
    const db = new Database(path);
    const r = migrate(db, later);
    expect(r.applied).toEqual(later.slice(1).map((m) => m.tag));
    expect(db.query<{ btc_address: string; nickname: null }, []>("SELECT btc_address, nickname FROM users").get()).toEqual({
      btc_address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
      nickname: null,
    });
    db.close();
  });

  test("a failing migration changes nothing and is not recorded", () => {
    const db = new Database(tmpFile());
    migrate(db);
    const broken = [...MIGRATIONS, { tag: "9999_broken", sql: "CREATE TABLE t1 (a int);--> statement-breakpoint\nTHIS IS NOT SQL" }];
    expect(() => migrate(db, broken)).toThrow();
    expect(tables(db)).not.toContain("t1");
    expect(db.query("SELECT 1 FROM __tbg_migrations WHERE tag = '9999_broken'").get()).toBeNull();
  });

  test("a database from a newer version is refused, not damaged", () => {
    const db = new Database(tmpFile());
    migrate(db, [...MIGRATIONS, { tag: "9999_future", sql: "CREATE TABLE future (a int)" }]);
    expect(() => migrate(db)).toThrow(/newer version.*9999_future/);
    expect(tables(db)).toContain("future");
  });
});

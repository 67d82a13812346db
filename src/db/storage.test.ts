// openStorage picks the engine from the target and hands out the same interfaces for both.
import { expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freshPostgresUrl } from "../../test/postgres.ts";
import { openStorage } from "./storage.ts";

test("a file path opens SQLite and a postgres:// URL opens PostgreSQL, both migrated and usable", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "tbg-storage-")), "tbg.sqlite");
  const url = await freshPostgresUrl("storage");
  for (const [target, engine, where] of [
    [path, "sqlite", path],
    [url, "postgres", url.replace("postgres://postgres@", "")],
  ] as const) {
    const s = await openStorage(target);
    expect([s.engine, s.where]).toEqual([engine, where]);
    expect(s.migrated!.applied.length).toBeGreaterThan(0);
    const u = await s.repos.users.insertUser({ btcAddress: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq" }, 1);
    expect(await s.mining.userIdByAddress("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")).toBe(u.id);
    expect(await s.ping()).toBe(true);
    await s.close();
    expect(await s.ping()).toBe(false);
  }
});

test("an unreachable PostgreSQL fails with one line naming its host", async () => {
  await expect(openStorage("postgresql://tbg:hunter2@127.0.0.1:1/pool", { postgres: { connectTimeout: 5 } })).rejects.toThrow(
    /^cannot connect to PostgreSQL at 127\.0\.0\.1:1\/pool: [^\n]*$/,
  );
});

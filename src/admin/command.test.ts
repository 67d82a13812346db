import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../config.ts";
import { openDatabase } from "../db/client.ts";
import { adminCommand } from "./command.ts";

let dir: string;
let config: Config;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tbg-admin-"));
  const r = loadConfig({ TBG_DATA_DIR: dir });
  if (!r.ok) throw new Error(r.errors.join());
  config = r.config;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

test("tbg admin create makes an admin whose password verifies, then promotes on a second run", async () => {
  const a = io();
  expect(await adminCommand(["create", "--email", "Boss@Example.com", "--password", "Adm!nPass1"], a.io, config)).toBe(0);
  expect(a.out[0]).toContain("created admin boss@example.com");
  const db = openDatabase(config.databasePath);
  const row = db.sqlite.query<{ role: string; email_verified: number; password_hash: string }, []>("SELECT role, email_verified, password_hash FROM users").get()!;
  expect(row.role).toBe("admin");
  expect(row.email_verified).toBe(1);
  expect(await Bun.password.verify("Adm!nPass1", row.password_hash)).toBe(true);
  db.close();
  const b = io();
  expect(await adminCommand(["create", "--email=boss@example.com", "--password=N3w!Password"], b.io, config)).toBe(0);
  expect(b.out[0]).toContain("is now an admin");
});

test("bad input: weak password exits 1, missing flags exit 2", async () => {
  const a = io();
  expect(await adminCommand(["create", "--email", "x@example.com", "--password", "weak"], a.io, config)).toBe(1);
  expect(a.err[0]).toContain("password");
  const b = io();
  expect(await adminCommand(["create", "--email", "x@example.com"], b.io, config)).toBe(2);
  expect(await adminCommand(["delete"], b.io, config)).toBe(2);
  expect(b.err[0]).toContain("usage: tbg admin create");
});
